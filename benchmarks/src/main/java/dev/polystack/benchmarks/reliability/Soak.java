package dev.polystack.benchmarks.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.benchmarks.GatewayRequest;
import dev.polystack.local.LocalBackend;
import dev.polystack.local.StackOptions;
import dev.polystack.local.lambda.LambdaRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.rdsdata.model.Field;

/**
 * {@code local/soak [seconds] [clients]}: a bounded soak of the whole backend with every function in
 * its own process. Many clients sign up, log in, upload and order from a small catalogue at once
 * while function processes are killed now and then; then the invariants are checked: stock
 * conserved, every order in PostgreSQL has exactly one DynamoDB summary and no summary lacks its
 * order, no upload left PENDING with its object present, no session accepted after expiry.
 * Figures go to standard output and to {@code local/target/reliability/soak.json}.
 */
public final class Soak {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> PRODUCTS = List.of(
            "00000000-0000-4000-8000-000000000001",
            "00000000-0000-4000-8000-000000000002",
            "00000000-0000-4000-8000-000000000003");
    static final List<String> KILLABLE = List.of(
            "PlaceOrder", "Login", "SignUp", "Authorizer", "UploadCompleted", "OutboxRelay", "CreateUpload", "GetMe");
    static final Duration SESSION_LIFETIME = Duration.ofSeconds(8);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> kills = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger acceptedAfterExpiry = new AtomicInteger();
    private final AtomicInteger expiryChecks = new AtomicInteger();
    private final List<String> uploadIds = java.util.Collections.synchronizedList(new ArrayList<>());
    private LocalBackend backend;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        ObjectNode figures = new Soak().run(seconds, clients);
        Path out = Path.of("local", "target", "reliability", "soak.json");
        Files.createDirectories(out.getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), figures);
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(figures));
        System.exit(figures.path("invariantsHold").asBoolean() ? 0 : 1);
    }

    ObjectNode run(int seconds, int clients) throws Exception {
        Path logs = Path.of("local", "target", "function-logs-soak.log");
        Files.createDirectories(logs.getParent());
        var log = new java.io.PrintWriter(Files.newBufferedWriter(logs), true);
        backend = LocalBackend.start(StackOptions.forBenchmarks()
                .withFunctions(StackOptions.FunctionMode.PROCESS, null, line -> {
                    synchronized (log) {
                        log.println(line);
                    }
                })
                .withRelayEvery(Duration.ofSeconds(2))
                .withFunctionVariables(Map.of(
                        "OUTBOX_GRACE",
                        "PT2S",
                        "SESSION_TTL",
                        SESSION_LIFETIME.toString(),
                        // every client speaks from 127.0.0.1
                        "SIGNUPS_PER_IP",
                        "100000",
                        "LOGIN_FAILING_ACCOUNTS_PER_IP",
                        "10000")));
        try {
            Map<String, Long> stockBefore = stock(); // a fresh stack: nothing sold yet
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(clients + 1);
            for (int i = 0; i < clients; i++) {
                long seed = i;
                pool.submit(() -> client(new Random(seed), deadline));
            }
            pool.submit(() -> killer(new Random(99), deadline));
            pool.shutdown();
            pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
            return check(stockBefore, seconds, clients);
        } finally {
            backend.close();
            log.close();
        }
    }

    private void killer(Random random, long deadline) {
        LambdaRuntime runtime = (LambdaRuntime) backend.functions();
        while (System.nanoTime() < deadline) {
            sleep(2000 + random.nextInt(3000));
            String function = KILLABLE.get(random.nextInt(KILLABLE.size()));
            List<ProcessHandle> processes = runtime.processes(function);
            if (!processes.isEmpty()) {
                processes.get(random.nextInt(processes.size())).destroyForcibly();
                kills.computeIfAbsent(function, f -> new AtomicInteger()).incrementAndGet();
            }
        }
    }

    private void client(Random random, long deadline) {
        try {
            String email = "soak-" + UUID.randomUUID() + "@example.com";
            while (send(
                                    "POST",
                                    "/users",
                                    null,
                                    "{\"email\":\"" + email
                                            + "\",\"password\":\"correct horse battery\",\"name\":\"Soak\"}",
                                    Map.of())
                            .statusCode()
                    >= 500) {
                sleep(200);
            }
            String token = null;
            long tokenIssued = 0;
            while (System.nanoTime() < deadline) {
                if (token == null || random.nextInt(20) == 0) {
                    HttpResponse<String> login = send(
                            "POST",
                            "/sessions",
                            null,
                            "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}",
                            Map.of());
                    if (login.statusCode() != 201) {
                        continue;
                    }
                    String old = token;
                    long oldIssued = tokenIssued;
                    token = JSON.readTree(login.body()).get("token").asText();
                    tokenIssued = System.nanoTime();
                    if (old != null
                            && System.nanoTime() - oldIssued
                                    > SESSION_LIFETIME.plusSeconds(2).toNanos()) {
                        expiryChecks.incrementAndGet();
                        if (send("GET", "/users/me", old, null, Map.of()).statusCode() == 200) {
                            acceptedAfterExpiry.incrementAndGet();
                        }
                    }
                }
                if (System.nanoTime() - tokenIssued
                        > SESSION_LIFETIME.minusSeconds(1).toNanos()) {
                    token = null;
                    continue;
                }
                switch (random.nextInt(5)) {
                    case 0, 1 -> order(random, token);
                    case 2 -> upload(token);
                    case 3 -> send("GET", "/users/me", token, null, Map.of());
                    default -> send("GET", "/orders?limit=5", token, null, Map.of());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void order(Random random, String token) throws IOException {
        String key = "soak-" + UUID.randomUUID();
        String body = "{\"items\":[{\"productId\":\"" + PRODUCTS.get(random.nextInt(PRODUCTS.size()))
                + "\",\"quantity\":" + (1 + random.nextInt(2)) + "}]}";
        for (int attempt = 0; attempt < 5; attempt++) {
            int status = send("POST", "/orders", token, body, Map.of("Idempotency-Key", key))
                    .statusCode();
            if (status < 500) {
                return;
            }
        }
    }

    private void upload(String token) throws IOException {
        byte[] png = "\u0089PNG soak bytes".getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> created = send(
                "POST",
                "/uploads",
                token,
                "{\"fileName\":\"s.png\",\"contentType\":\"image/png\",\"contentLength\":" + png.length
                        + ",\"method\":\"PUT\"}",
                Map.of());
        if (created.statusCode() != 201) {
            return;
        }
        JsonNode upload = JSON.readTree(created.body());
        HttpRequest.Builder put = HttpRequest.newBuilder(
                        URI.create(upload.get("url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(png));
        upload.get("headers").fields().forEachRemaining(h -> {
            if (!h.getKey().equalsIgnoreCase("content-length")) {
                put.header(h.getKey(), h.getValue().asText());
            }
        });
        try {
            if (http.send(put.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                uploadIds.add(upload.get("uploadId").asText());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<String> send(
            String method, String path, String token, String json, Map<String, String> headers) {
        try {
            HttpResponse<String> response = http.send(
                    GatewayRequest.of(backend.gatewayEndpoint(), method, path, token, json, headers),
                    HttpResponse.BodyHandlers.ofString());
            requests.incrementAndGet();
            statuses.computeIfAbsent(Integer.toString(response.statusCode()), s -> new AtomicInteger())
                    .incrementAndGet();
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<List<Field>> sql(String sql) {
        return backend.app()
                .clients()
                .rdsData()
                .executeStatement(b -> b.resourceArn(LocalBackend.CLUSTER_ARN)
                        .secretArn(LocalBackend.SECRET_ARN)
                        .database(backend.settings().dbName())
                        .sql(sql))
                .records();
    }

    private Map<String, Long> stock() {
        Map<String, Long> stock = new TreeMap<>();
        for (List<Field> row : sql("SELECT id::text, stock + shard_stock(id) FROM products")) {
            stock.put(row.get(0).stringValue(), row.get(1).longValue());
        }
        return stock;
    }

    private ObjectNode check(Map<String, Long> stockBefore, int seconds, int clients) throws InterruptedException {
        // Let the relay and the asynchronous retries finish what the kills interrupted.
        Thread.sleep(12_000);
        ObjectNode figures = JSON.createObjectNode();
        figures.put("seconds", seconds);
        figures.put("clients", clients);
        figures.put("requests", requests.get());
        ObjectNode byStatus = figures.putObject("statuses");
        new TreeMap<>(statuses).forEach((status, count) -> byStatus.put(status, count.get()));
        long errors = statuses.entrySet().stream()
                .filter(e -> e.getKey().startsWith("5"))
                .mapToLong(e -> e.getValue().get())
                .sum();
        figures.put("errorRate", requests.get() == 0 ? 0 : (double) errors / requests.get());
        ObjectNode killed = figures.putObject("kills");
        new TreeMap<>(kills).forEach((function, count) -> killed.put(function, count.get()));

        Map<String, Long> sold = new HashMap<>();
        for (List<Field> row :
                sql("SELECT product_id::text, coalesce(sum(quantity), 0) FROM order_items GROUP BY product_id")) {
            sold.put(row.get(0).stringValue(), row.get(1).longValue());
        }
        Map<String, Long> stockAfter = stock();
        boolean stockConserved = stockBefore.keySet().stream()
                .allMatch(id -> stockBefore.get(id) == stockAfter.get(id) + sold.getOrDefault(id, 0L));
        figures.put("stockConserved", stockConserved);

        Set<String> ordersInPostgres = new java.util.HashSet<>();
        for (List<Field> row : sql("SELECT id::text FROM orders")) {
            ordersInPostgres.add(row.get(0).stringValue());
        }
        Map<String, Integer> summaries = new HashMap<>();
        Set<String> pendingWithObject = new java.util.HashSet<>();
        var dynamo = backend.app().clients().dynamo();
        dynamo.scanPaginator(b -> b.tableName(LocalBackend.TABLE)).items().forEach(item -> {
            String sk = item.get("SK").s();
            if (sk.startsWith("ORDER#")) {
                summaries.merge(sk.substring(sk.lastIndexOf('#') + 1), 1, Integer::sum);
            }
            String uploadId = sk.startsWith("UPLOAD#") ? sk.substring("UPLOAD#".length()) : null;
            if (uploadId != null
                    && uploadIds.contains(uploadId)
                    && item.containsKey("status")
                    && "PENDING".equals(item.get("status").s())) {
                pendingWithObject.add(uploadId);
            }
        });
        long withoutSummary = ordersInPostgres.stream()
                .filter(id -> summaries.getOrDefault(id, 0) != 1)
                .count();
        long summaryWithoutOrder = summaries.keySet().stream()
                .filter(id -> !ordersInPostgres.contains(id))
                .count();
        figures.put("orders", ordersInPostgres.size());
        figures.put("ordersWithoutExactlyOneSummary", withoutSummary);
        figures.put("summariesWithoutOrder", summaryWithoutOrder);
        figures.put("uploadsWithObject", uploadIds.size());
        figures.put("uploadsPendingWithObject", pendingWithObject.size());
        figures.put("expiredSessionChecks", expiryChecks.get());
        figures.put("sessionsAcceptedAfterExpiry", acceptedAfterExpiry.get());
        figures.put(
                "invariantsHold",
                stockConserved
                        && withoutSummary == 0
                        && summaryWithoutOrder == 0
                        && pendingWithObject.isEmpty()
                        && acceptedAfterExpiry.get() == 0);
        return figures;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
