package dev.polystack.benchmarks;

import dev.polystack.local.LocalBackend;
import dev.polystack.local.StackOptions;
import dev.polystack.migration.SqlScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * A flash sale through the local gateway: N clients log in, browse and search the catalogue, then all order
 * one product, one unit at a time, until it sells out (a 503 STOCK_BUSY is retried with the same key after a
 * short pause, as its Retry-After asks; 409 OUT_OF_STOCK ends a client). Every level runs twice in one stack,
 * once with place_order as it is (stock in shards, refusals without locks, bounded waits: "sharded") and once
 * with the previous body installed from {@code flashsale/locking_place_order.sql} ("locking"), so the ratio
 * between the two comes from one run on one machine.
 *
 * <p>Printed per run: orders/s over the order phase, p50/p99 of every order request, the answers by status
 * (429 and 503 included), Data API calls per order and per browsing request (counted by an interceptor on the
 * functions' SDK clients), and the invariants: exactly the stock sold, nothing left, no shard below zero, one
 * order per 201.
 *
 * <p>Bounded: the stock per run ({@code --stock}, default 1000), a deadline per order phase ({@code --seconds},
 * default 90), loopback only. Functions run in-process, so every request runs at once as Lambda would run
 * it in its own environment (no cap of environments per function); the gateway's workers are raised to the
 * largest level. Usage: {@code benchmarks/flash-sale [--clients 32,128] [--stock N] [--seconds N]
 * [--design both|sharded|locking] [--out FILE] [--json FILE]}. Besides the table, the per-request figures of every
 * run (Data API calls per order, per browse and per browse through the edge cache, p50 of each request kind) go to
 * {@value #DEFAULT_JSON} (or {@code --json FILE}), which {@code benchmarks/scaling} reads.
 */
public final class FlashSale {
    static final String BASELINE = "flashsale/locking_place_order.sql";
    /** How often each client repeats its browsing through the edge cache. */
    static final int EDGE_ROUNDS = 5;

    static final String CURRENT = "db/migration/R__place_order.sql";

    /** Counts the functions' Data API calls. */
    static final class DataApiCalls implements ExecutionInterceptor {
        final AtomicLong calls = new AtomicLong();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))
                    .startsWith("RdsData")) {
                calls.incrementAndGet();
            }
        }
    }

    record Run(
            String design,
            int clients,
            int stock,
            double seconds,
            long created,
            Map<Integer, Integer> statuses,
            List<Double> latencies,
            long orderCalls,
            long browses,
            long browseCalls,
            List<Double> browseLatencies,
            long edgeBrowses,
            long edgeBrowseCalls,
            long logins,
            long loginErrors,
            List<Double> loginLatencies,
            long sold,
            long left,
            long negativeShards,
            long ordersForProduct) {
        double ordersPerSecond() {
            return created / seconds;
        }

        /** Per-request figures for a capacity model ({@code CapacityModel} reads them from the JSON file). */
        Map<String, Object> figures() {
            Map<String, Object> figures = new java.util.LinkedHashMap<>();
            figures.put("design", design);
            figures.put("clients", clients);
            figures.put("stock", stock);
            figures.put("ordersPerSecond", ordersPerSecond());
            figures.put("orderP50Ms", Stats.percentile(latencies, 50));
            figures.put("orderP99Ms", Stats.percentile(latencies, 99));
            figures.put("statuses", statuses);
            figures.put("dataApiCallsPerOrder", created == 0 ? Double.NaN : (double) orderCalls / created);
            figures.put("dataApiCallsPerBrowse", browses == 0 ? Double.NaN : (double) browseCalls / browses);
            figures.put("browseP50Ms", Stats.percentile(browseLatencies, 50));
            figures.put("loginP50Ms", Stats.median(loginLatencies));
            figures.put("edgeBrowses", edgeBrowses);
            figures.put(
                    "dataApiCallsPerEdgeBrowse",
                    edgeBrowses == 0 ? Double.NaN : (double) edgeBrowseCalls / edgeBrowses);
            figures.put("invariantsHold", invariantsHold());
            return figures;
        }

        /** Never oversold, nothing lost, one order per 201 (a run cut short by its deadline may leave stock). */
        boolean invariantsHold() {
            return sold + left == stock
                    && left >= 0
                    && negativeShards == 0
                    && ordersForProduct == created
                    && sold == created;
        }

        String line() {
            return String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %.0f | %.0f | %.0f | %d | %d | %d | %d | %.2f | %.2f | %s |",
                    design,
                    clients,
                    stock,
                    ordersPerSecond(),
                    Stats.percentile(latencies, 50),
                    Stats.percentile(latencies, 99),
                    statuses.getOrDefault(201, 0),
                    statuses.getOrDefault(409, 0),
                    statuses.getOrDefault(429, 0),
                    statuses.getOrDefault(503, 0),
                    created == 0 ? Double.NaN : (double) orderCalls / created,
                    browses == 0 ? Double.NaN : (double) browseCalls / browses,
                    (invariantsHold() ? "hold" : "BROKEN") + " (sold " + sold + ", left " + left
                            + (left == 0 ? ", sold out" : ", deadline") + ")");
        }
    }

    private final LocalBackend backend;
    private final Api api;
    private final DataApiCalls calls;

    FlashSale(LocalBackend backend, Api api, DataApiCalls calls) {
        this.backend = backend;
        this.api = api;
        this.calls = calls;
    }

    public static void main(String[] args) throws Exception {
        List<Integer> levels = List.of(32, 128);
        int stock = 1000;
        int seconds = 90;
        String design = "both";
        Path out = null;
        Path json = Path.of(DEFAULT_JSON);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" ->
                    levels = List.of(args[++i].split(",")).stream()
                            .map(Integer::parseInt)
                            .toList();
                case "--stock" -> stock = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--design" -> design = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                case "--json" -> json = Path.of(args[++i]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i]
                                    + " (--clients 32,128 --stock N --seconds N --design both|sharded|locking --out FILE --json FILE)");
            }
        }
        int most = levels.stream().mapToInt(Integer::intValue).max().orElse(1);
        System.setProperty("polystack.gatewayWorkers", Integer.toString(Math.max(32, most * 2)));
        DataApiCalls calls = new DataApiCalls();
        StackOptions options = StackOptions.forTests()
                // The edge cache in front of the gateway, as CloudFront would be: browsing is measured through it too.
                .withEdgePort(0)
                .withInterceptors(List.<ExecutionInterceptor>of(calls))
                // One loopback address for every client: per-address limits out of the way (the login limits have their
                // own tests).
                .withFunctionVariables(Map.of("SIGNUPS_PER_IP", "1000000", "LOGIN_FAILING_ACCOUNTS_PER_IP", "10000"));
        System.out.println("flash sale: starting a local stack (functions in-process)…");
        List<Run> runs = new ArrayList<>();
        try (LocalBackend stack = LocalBackend.start(options)) {
            FlashSale sale = new FlashSale(stack, new Api(stack.gatewayEndpoint()), calls);
            List<String> emails = sale.users(most);
            for (int clients : levels) {
                for (String each : design.equals("both") ? List.of("locking", "sharded") : List.of(design)) {
                    runs.add(sale.run(each, clients, stock, Duration.ofSeconds(seconds), emails.subList(0, clients)));
                }
            }
            sale.install(CURRENT);
        }
        String report = report(runs);
        writeFigures(json, args, runs);
        System.out.println("flash sale: figures for SCALING.md (benchmarks/scaling) written to " + json);
        System.out.println(report);
        if (out != null) {
            Files.writeString(out, report);
            System.out.println("flash sale: written to " + out);
        }
        System.exit(runs.stream().allMatch(Run::invariantsHold) ? 0 : 1);
    }

    /** Where {@code benchmarks/flash-sale} writes its per-request figures, from the project's root. */
    static final String DEFAULT_JSON = "benchmarks/flash-sale.json";

    static void writeFigures(Path file, String[] args, List<Run> runs) throws IOException {
        Map<String, Object> document = new java.util.LinkedHashMap<>();
        document.put("command", "benchmarks/flash-sale " + String.join(" ", args));
        document.put(
                "finished",
                java.time.Instant.now()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toString());
        document.put("runs", runs.stream().map(Run::figures).toList());
        new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValue(file.toFile(), document);
    }

    static String report(List<Run> runs) {
        StringBuilder text = new StringBuilder();
        text.append(
                "| design | clients | stock | orders/s | p50 ms | p99 ms | 201 | 409 | 429 | 503 | Data API calls/order | Data API calls/browse | invariants |\n");
        text.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        runs.forEach(run -> text.append(run.line()).append('\n'));
        text.append('\n');
        for (Run sharded : runs) {
            if (!sharded.design().equals("sharded")) {
                continue;
            }
            runs.stream()
                    .filter(r -> r.design().equals("locking") && r.clients() == sharded.clients())
                    .findFirst()
                    .ifPresent(locking -> text.append(String.format(
                            Locale.ROOT,
                            "- %d clients: sharded %.0f orders/s vs locking %.0f orders/s: **%.1f×**; p99 %.0f ms vs %.0f ms;"
                                    + " login p50 %.0f ms over %d logins, %d + %d login attempts answered 5xx and retried (sharded + locking runs)%n",
                            sharded.clients(),
                            sharded.ordersPerSecond(),
                            locking.ordersPerSecond(),
                            sharded.ordersPerSecond() / locking.ordersPerSecond(),
                            Stats.percentile(sharded.latencies(), 99),
                            Stats.percentile(locking.latencies(), 99),
                            Stats.median(sharded.loginLatencies()),
                            sharded.logins(),
                            sharded.loginErrors(),
                            locking.loginErrors())));
        }
        return text.toString();
    }

    /** Signs up the crowd once (a few at a time); each run logs every client in again. */
    List<String> users(int count) throws Exception {
        System.out.printf("flash sale: signing up %d shoppers…%n", count);
        List<String> emails = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                done.add(pool.submit(() -> {
                    String email = "shopper-" + UUID.randomUUID() + "@example.com";
                    api.newUser(email);
                    emails.add(email);
                }));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return List.copyOf(emails);
    }

    Run run(String design, int clients, int stock, Duration deadline, List<String> emails) throws Exception {
        install(design.equals("locking") ? BASELINE : CURRENT);
        String product = product(stock);
        System.out.printf(
                "flash sale: %s design, %d clients, %d units of %s: logging in…%n", design, clients, stock, product);

        List<Double> loginLatencies = new CopyOnWriteArrayList<>();
        AtomicLong loginErrors = new AtomicLong();
        List<String> tokens = parallel(clients, i -> {
            long start = System.nanoTime();
            for (int attempt = 1; ; attempt++) {
                Api.Answer login = api.send(
                        "POST",
                        "/sessions",
                        null,
                        "{\"email\":\"" + emails.get(i) + "\",\"password\":\"" + Api.PASSWORD + "\"}");
                if (login.status() == 201) {
                    loginLatencies.add((System.nanoTime() - start) / 1e6);
                    return login.json().get("token").asText();
                }
                // A crowd behind one address: its login counter is one DynamoDB item in a transaction (issue 22, item
                // 3).
                loginErrors.incrementAndGet();
                if (attempt == 10) {
                    throw new IllegalStateException("login answered " + login.status() + " ten times: " + login.body());
                }
                Thread.sleep(100L * attempt);
            }
        });

        System.out.printf("flash sale: %s, %d clients browsing and searching…%n", design, clients);
        long browseCallsBefore = calls.calls.get();
        List<Double> browseLatencies = new CopyOnWriteArrayList<>();
        List<String> browsing = List.of(
                "/products?limit=20",
                "/products?q=" + "flash",
                "/products/" + product,
                "/products?inStock=true&limit=10");
        parallel(clients, i -> {
            for (String path : browsing) {
                Api.Answer answer = api.send("GET", path, tokens.get(i), null);
                if (answer.status() != 200) {
                    throw new IllegalStateException(
                            "GET " + path + " answered " + answer.status() + ": " + answer.body());
                }
                browseLatencies.add(answer.millis());
            }
            return null;
        });
        long browseCalls = calls.calls.get() - browseCallsBefore;
        long browses = (long) clients * browsing.size();

        // The same browsing through the edge cache, EDGE_ROUNDS times per client: what share still reaches the Data
        // API.
        Api edge = new Api(backend.edge().orElseThrow().endpoint());
        long edgeCallsBefore = calls.calls.get();
        parallel(clients, i -> {
            for (int round = 0; round < EDGE_ROUNDS; round++) {
                for (String path : browsing) {
                    Api.Answer answer = edge.send("GET", path, null, null);
                    if (answer.status() != 200) {
                        throw new IllegalStateException(
                                "GET " + path + " through the edge answered " + answer.status() + ": " + answer.body());
                    }
                }
            }
            return null;
        });
        long edgeBrowseCalls = calls.calls.get() - edgeCallsBefore;
        long edgeBrowses = (long) clients * EDGE_ROUNDS * browsing.size();

        System.out.printf(
                "flash sale: %s, %d clients ordering until sold out (at most %d s)…%n",
                design, clients, deadline.toSeconds());
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        List<Double> latencies = new CopyOnWriteArrayList<>();
        AtomicLong created = new AtomicLong();
        long orderCallsBefore = calls.calls.get();
        long end = System.nanoTime() + deadline.toNanos();
        CountDownLatch go = new CountDownLatch(1);
        String body = "{\"items\":[{\"productId\":\"" + product + "\",\"quantity\":1}]}";
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> shoppers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String token = tokens.get(c);
            shoppers.add(pool.submit(() -> {
                go.await();
                String key = UUID.randomUUID().toString();
                while (System.nanoTime() < end) {
                    Api.Answer answer = api.send("POST", "/orders", token, body, Map.of("Idempotency-Key", key));
                    statuses.merge(answer.status(), 1, Integer::sum);
                    latencies.add(answer.millis());
                    switch (answer.status()) {
                        case 201 -> {
                            created.incrementAndGet();
                            key = UUID.randomUUID().toString();
                        }
                        case 409 -> {
                            return null;
                        }
                        // 429, 503 and anything else (a gateway timeout under the locking design): the same key again,
                        // shortly;
                        // whatever the lost answer did, the key makes it one order.
                        default -> Thread.sleep(50);
                    }
                }
                return null;
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        Thread progress = progress(created, stock);
        try {
            for (Future<?> shopper : shoppers) {
                shopper.get();
            }
        } finally {
            progress.interrupt();
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long orderCalls = calls.calls.get() - orderCallsBefore;
        long[] after = after(product);
        Run run = new Run(
                design,
                clients,
                stock,
                seconds,
                created.get(),
                new TreeMap<>(statuses),
                List.copyOf(latencies),
                orderCalls,
                browses,
                browseCalls,
                List.copyOf(browseLatencies),
                edgeBrowses,
                edgeBrowseCalls,
                clients,
                loginErrors.get(),
                List.copyOf(loginLatencies),
                after[0],
                after[1],
                after[2],
                after[3]);
        System.out.println(run.line());
        return run;
    }

    private static Thread progress(AtomicLong created, int stock) {
        Thread thread = new Thread(
                () -> {
                    try {
                        while (true) {
                            Thread.sleep(5000);
                            System.out.printf("  … %d of %d sold%n", created.get(), stock);
                        }
                    } catch (InterruptedException e) {
                        // the phase is over
                    }
                },
                "flash-sale-progress");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private interface Step<T> {
        T run(int client) throws Exception;
    }

    private static <T> List<T> parallel(int clients, Step<T> step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<T>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int client = i;
                results.add(pool.submit(() -> step.run(client)));
            }
            List<T> values = new ArrayList<>();
            for (Future<T> result : results) {
                values.add(result.get(10, TimeUnit.MINUTES));
            }
            return values;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A product of its own per run, all its stock in the pool (both designs start alike). */
    private String product(int stock) throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection db = backend.connectToDatabase();
                PreparedStatement insert =
                        db.prepareStatement("INSERT INTO products (id, sku, name, description, price_cents, stock)"
                                + " VALUES (?::uuid, ?, 'Flash sale lamp', 'one lamp, a crowd', 1999, ?)")) {
            insert.setString(1, id);
            insert.setString(2, "FLASH-" + id.substring(0, 8));
            insert.setInt(3, stock);
            insert.executeUpdate();
        }
        return id;
    }

    /** Sold units, units left, shards below zero, orders holding the product. */
    private long[] after(String product) throws SQLException {
        try (Connection db = backend.connectToDatabase();
                PreparedStatement query = db.prepareStatement(
                        "SELECT (SELECT COALESCE(sum(quantity), 0) FROM order_items WHERE product_id = p.id),"
                                + " p.stock + shard_stock(p.id), (SELECT count(*) FROM stock_shards s WHERE s.product_id = p.id AND s.stock < 0),"
                                + " (SELECT count(*) FROM order_items WHERE product_id = p.id) FROM products p WHERE p.id = ?::uuid")) {
            query.setString(1, product);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return new long[] {row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4)};
            }
        }
    }

    /** Replaces place_order's body with the named script's (the baseline or the shipped one). */
    void install(String resource) throws SQLException {
        try (InputStream in = FlashSale.class.getClassLoader().getResourceAsStream(resource);
                Connection db = backend.connectToDatabase();
                Statement statement = db.createStatement()) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            for (String sql : SqlScript.statements(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
                statement.execute(sql);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
