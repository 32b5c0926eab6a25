package dev.polystack.benchmarks;

import dev.polystack.local.LocalBackend;
import dev.polystack.local.StackOptions;
import dev.polystack.local.dataapi.DataApiEmulator;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * <p>Then, per design and level, the same orders at the database tier ({@link DatabaseTier}): as many callers as
 * shoppers make the PlaceOrder adapter's {@code place_order} call through the Data API emulator, and the same
 * statement straight over JDBC, with nothing of the stack in front. Every order phase also records the machine's CPU
 * busy % and this JVM's ({@link CpuUsage}), so whether a phase was CPU-bound is measured, not inferred. {@code --out}
 * writes the whole report (BENCHMARKS-flash.md), its summary computed from the run.
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

    /** After a phase: units sold, units left (pool and shards), shards below zero, orders holding the product. */
    record StockCheck(long sold, long left, long negativeShards, long ordersForProduct) {
        /** Never oversold, nothing lost, one order per created answer (a phase cut short by its deadline may leave stock). */
        boolean holds(int stock, long created) {
            return sold + left == stock
                    && left >= 0
                    && negativeShards == 0
                    && ordersForProduct == created
                    && sold == created;
        }

        String describe(int stock, long created) {
            return (holds(stock, created) ? "hold" : "BROKEN") + " (sold " + sold + ", left " + left
                    + (left == 0 ? ", sold out" : ", deadline") + ")";
        }
    }

    /** What the summary compares: one design's order phase at one tier and level. */
    record PhaseFigures(
            String tier,
            String design,
            int clients,
            double ordersPerSecond,
            double ordersPerSecondToMostSold,
            double p99Ms,
            CpuUsage.Busy cpu,
            boolean invariantsHold) {
        static PhaseFigures of(
                String tier, String design, int clients, int stock, OrderPhase.Result orders, boolean hold) {
            return new PhaseFigures(
                    tier,
                    design,
                    clients,
                    orders.ordersPerSecond(),
                    orders.ordersPerSecondToMostSold(stock),
                    orders.p99Ms(),
                    orders.cpu(),
                    hold);
        }
    }

    /** The order phase through the stack: gateway, authorizer, PlaceOrder, Data API emulator, PostgreSQL. */
    static final String GATEWAY = "gateway";

    record Run(
            String design,
            int clients,
            int stock,
            OrderPhase.Result orders,
            long orderCalls,
            long browses,
            long browseCalls,
            List<Double> browseLatencies,
            long edgeBrowses,
            long edgeBrowseCalls,
            long logins,
            long loginErrors,
            List<Double> loginLatencies,
            StockCheck check,
            StockWaits.Figures waits) {
        double ordersPerSecond() {
            return orders.ordersPerSecond();
        }

        /** Per-request figures for a capacity model ({@code CapacityModel} reads them from the JSON file). */
        Map<String, Object> figures() {
            long created = orders.created();
            Map<String, Object> figures = new java.util.LinkedHashMap<>();
            figures.put("design", design);
            figures.put("clients", clients);
            figures.put("stock", stock);
            orders.putFigures(figures, stock);
            figures.put("statuses", orders.answers());
            figures.put("dataApiCallsPerOrder", created == 0 ? Double.NaN : (double) orderCalls / created);
            figures.put("dataApiCallsPerBrowse", browses == 0 ? Double.NaN : (double) browseCalls / browses);
            figures.put("browseP50Ms", Stats.percentile(browseLatencies, 50));
            figures.put("loginP50Ms", Stats.median(loginLatencies));
            figures.put("edgeBrowses", edgeBrowses);
            figures.put(
                    "dataApiCallsPerEdgeBrowse",
                    edgeBrowses == 0 ? Double.NaN : (double) edgeBrowseCalls / edgeBrowses);
            figures.put("invariantsHold", invariantsHold());
            waits.putFigures(figures);
            return figures;
        }

        boolean invariantsHold() {
            return check.holds(stock, orders.created());
        }

        PhaseFigures summary() {
            return PhaseFigures.of(GATEWAY, design, clients, stock, orders, invariantsHold());
        }

        String line() {
            long created = orders.created();
            return String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %.0f | %s | %.0f | %.0f | %d | %d | %d | %d | %d | %.2f | %.2f | %s | %s | %s |",
                    design,
                    clients,
                    stock,
                    orders.ordersPerSecond(),
                    Stats.format("%.0f", orders.ordersPerSecondToMostSold(stock)),
                    orders.p50Ms(),
                    orders.p99Ms(),
                    orders.count("201"),
                    orders.count("409"),
                    orders.count("429"),
                    orders.count("503"),
                    orders.other("201", "409", "429", "503"),
                    created == 0 ? Double.NaN : (double) orderCalls / created,
                    browses == 0 ? Double.NaN : (double) browseCalls / browses,
                    Stats.format("%.0f", orders.cpu().machinePercent()),
                    Stats.format("%.0f", orders.cpu().jvmPercent()),
                    check.describe(stock, created));
        }
    }

    /** The same orders at the database tier ({@link DatabaseTier}): no gateway, no authorizer, no Lambda runtime. */
    record DatabaseRun(
            DatabaseTier.Tier tier,
            String design,
            int clients,
            int stock,
            OrderPhase.Result orders,
            StockCheck check,
            StockWaits.Figures waits) {
        boolean invariantsHold() {
            return check.holds(stock, orders.created());
        }

        Map<String, Object> figures() {
            Map<String, Object> figures = new java.util.LinkedHashMap<>();
            figures.put("tier", tier.label);
            figures.put("design", design);
            figures.put("clients", clients);
            figures.put("stock", stock);
            orders.putFigures(figures, stock);
            figures.put("outcomes", orders.answers());
            figures.put("invariantsHold", invariantsHold());
            waits.putFigures(figures);
            return figures;
        }

        PhaseFigures summary() {
            return PhaseFigures.of(tier.label, design, clients, stock, orders, invariantsHold());
        }

        String line() {
            return String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %d | %.0f | %s | %.0f | %.0f | %d | %d | %d | %d | %s | %s | %s |",
                    tier.label,
                    design,
                    clients,
                    stock,
                    orders.ordersPerSecond(),
                    Stats.format("%.0f", orders.ordersPerSecondToMostSold(stock)),
                    orders.p50Ms(),
                    orders.p99Ms(),
                    orders.count("CREATED", "EXISTING"),
                    orders.count("OUT_OF_STOCK"),
                    orders.count("STOCK_BUSY"),
                    orders.other("CREATED", "EXISTING", "OUT_OF_STOCK", "STOCK_BUSY"),
                    Stats.format("%.0f", orders.cpu().machinePercent()),
                    Stats.format("%.0f", orders.cpu().jvmPercent()),
                    check.describe(stock, orders.created()));
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
        // Before any HttpClient exists: the shoppers' clients drop a connection idle for 20 s, before the gateway
        // (the JDK's HttpServer, sun.net.httpserver.idleInterval: 30 s) closes it under them. Between a level's
        // phases the clients sit idle for minutes, and a request sent on a connection the server has closed fails
        // ("header parser received no bytes") without reaching it.
        System.setProperty("jdk.httpclient.keepalive.timeout", "20");
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
        Setting setting = Setting.now("benchmarks/flash-sale " + String.join(" ", args));
        int most = levels.stream().mapToInt(Integer::intValue).max().orElse(1);
        System.setProperty("polystack.gatewayWorkers", Integer.toString(Math.max(32, most * 2)));
        DataApiCalls calls = new DataApiCalls();
        StackOptions options = StackOptions.forBenchmarks()
                // The edge cache in front of the gateway, as CloudFront would be: browsing is measured through it too.
                .withEdgePort(0)
                .withInterceptors(List.<ExecutionInterceptor>of(calls))
                // One loopback address for every client: per-address limits out of the way (the login limits have their
                // own tests).
                .withFunctionVariables(Map.of("SIGNUPS_PER_IP", "1000000", "LOGIN_FAILING_ACCOUNTS_PER_IP", "10000"));
        System.out.println("flash sale: starting a local stack (functions in-process)…");
        List<Run> runs = new ArrayList<>();
        List<DatabaseRun> databaseRuns = new ArrayList<>();
        Duration deadline = Duration.ofSeconds(seconds);
        try (LocalBackend stack = LocalBackend.start(options)) {
            StockWaits.countFunctions(stack);
            FlashSale sale = new FlashSale(stack, new Api(stack.gatewayEndpoint()), calls);
            List<String> emails = sale.users(most);
            for (int clients : levels) {
                for (String each : design.equals("both") ? List.of("locking", "sharded") : List.of(design)) {
                    runs.add(sale.run(each, clients, stock, deadline, emails.subList(0, clients)));
                    for (DatabaseTier.Tier tier : DatabaseTier.Tier.values()) {
                        databaseRuns.add(sale.runAtDatabase(tier, each, clients, stock, deadline));
                    }
                }
            }
            sale.install(CURRENT);
        }
        String finished = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        writeFigures(json, setting.command(), finished, runs, databaseRuns);
        System.out.println("flash sale: figures for SCALING.md (benchmarks/scaling) written to " + json);
        String document = document(setting, finished, runs, databaseRuns);
        System.out.println(document);
        if (out != null) {
            Files.writeString(out, document);
            System.out.println("flash sale: written to " + out);
        }
        boolean hold = runs.stream().allMatch(Run::invariantsHold)
                && databaseRuns.stream().allMatch(DatabaseRun::invariantsHold);
        System.exit(hold ? 0 : 1);
    }

    /** Where {@code benchmarks/flash-sale} writes its per-request figures, from the project's root. */
    static final String DEFAULT_JSON = "benchmarks/flash-sale.json";

    /**
     * A gateway run at or above this machine CPU busy % counts as CPU-bound in the summary: the CPUs had no idle
     * capacity left for more orders.
     */
    static final double CPU_BOUND_PERCENT = 90;

    /** A database-tier phase below this machine CPU busy % spent most of its time waiting, not computing. */
    static final double WAITING_PERCENT = 50;

    /** Issue 22's target for the ratio through the stack, and for the sharded design's p99 at 32 clients. */
    static final double TARGET_RATIO = 5;

    static final double TARGET_P99_MS = 1000;

    /** The run's circumstances, taken before the stack starts. */
    record Setting(String command, String started, String commit, int cores, String loadAverage) {
        static Setting now(String command) {
            return new Setting(
                    command,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                    headCommit(),
                    Runtime.getRuntime().availableProcessors(),
                    currentLoadAverage());
        }

        private static String headCommit() {
            try {
                String head = git("rev-parse", "--short", "HEAD");
                return head.isEmpty()
                        ? "unknown"
                        : head + (git("status", "--porcelain").isEmpty() ? "" : " (with uncommitted changes)");
            } catch (IOException e) {
                return "unknown";
            }
        }

        private static String git(String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of("git"));
            command.addAll(List.of(args));
            Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            try {
                return git.waitFor() == 0 ? text : "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }

        private static String currentLoadAverage() {
            try {
                return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            } catch (IOException e) {
                return "unknown";
            }
        }
    }

    static void writeFigures(Path file, String command, String finished, List<Run> runs, List<DatabaseRun> databaseRuns)
            throws IOException {
        Map<String, Object> document = new java.util.LinkedHashMap<>();
        document.put("command", command);
        document.put("finished", finished);
        document.put("runs", runs.stream().map(Run::figures).toList());
        document.put(
                "databaseRuns", databaseRuns.stream().map(DatabaseRun::figures).toList());
        new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValue(file.toFile(), document);
    }

    /** BENCHMARKS-flash.md: what the command measures, the run's setting, both tables and a summary computed from them. */
    static String document(Setting setting, String finished, List<Run> runs, List<DatabaseRun> databaseRuns) {
        StringBuilder text = new StringBuilder();
        text.append("# Flash sale (issue 22) — figures from `benchmarks/flash-sale`\n\n");
        text.append(
                "Written by the command itself (`--out`); every figure below comes from the one run it describes.\n\n");
        text.append("""
                What it measures: N shoppers log in, browse and search the catalogue (4 requests each), then all order one
                product, one unit at a time, until it sells out or the phase's deadline passes; once with `place_order` as
                shipped (`sharded`: refusals without locks, stock in shards taken with SKIP LOCKED, waits bounded by a 1 s
                `lock_timeout` → 503 STOCK_BUSY) and once with the previous body (`locking`:
                `benchmarks/src/main/resources/flashsale/locking_place_order.sql`, rows locked `FOR UPDATE` before the stock
                check and held through the inserts), in one local stack, so the ratio comes from one run on one machine.
                Functions run in-process (each request at once, as Lambda would give each its own environment); the Data API
                emulator runs at most %d statements at once, in both designs alike.

                Then, for each design and level, the database tier: as many callers as shoppers make the `place_order` call
                of PlaceOrder's adapter (`RdsDataOrderRepository`) on a product of their own with the same stock, with
                nothing of the stack in front: through the Data API emulator with the functions' SDK `RdsDataClient` (tier
                `Data API`), and the same statement straight to the stack's PostgreSQL over %d kept JDBC connections (tier
                `JDBC`, as many as the emulator's workers). No gateway, no authorizer, no Lambda runtime.

                Invariants checked per phase: sold + left = stock, no shard below zero, one order per created answer.
                Orders/s is over the whole phase, from the start until every caller has its sold-out answer; orders/s to
                90 %% sold is the rate until 90 %% of the stock was sold, without the end of the sale.
                CPU busy %% is the whole machine's, from `/proc/stat` over the order phase: 100 × (1 − idle / total); JVM
                CPU %% is this benchmark's JVM (gateway, authorizer, functions, Data API emulator, DynamoDB Local, S3Proxy and
                the clients; PostgreSQL runs in processes of its own) as a share of all the machine's cores over the same
                time.
                Both count everything on the machine, so they mean most on a quiet machine.
                Under each table, where the phase's callers waited: the mean number of PostgreSQL sessions waiting for a
                lock, by the table whose row they queue for (`stock_shards`, `products`: the pool) or the lock's type
                (`advisory`: one idempotency key), sampled every %d ms from `pg_locks`; and how often `take_stock` and
                `gather_stock` ran (`pg_stat_user_functions`). `gather_stock` holds the pool and every shard of the product
                until its commit.

                """.formatted(DataApiEmulator.WORKERS, DataApiEmulator.WORKERS, StockWaits.EVERY_MS));
        text.append("## Run of ")
                .append(setting.started())
                .append(" to ")
                .append(finished)
                .append(", commit ")
                .append(setting.commit())
                .append("\n\n");
        text.append("Command: `")
                .append(setting.command())
                .append("` (it also writes the per-request figures `benchmarks/scaling` reads, `")
                .append(DEFAULT_JSON)
                .append("` unless `--json` names another file)\n\n");
        text.append("Machine: ")
                .append(setting.cores())
                .append(" cores, load average ")
                .append(setting.loadAverage())
                .append(" when the run started.\n\n");
        text.append("### Through the stack (gateway, authorizer, PlaceOrder, Data API emulator, PostgreSQL)\n\n");
        text.append(
                "| design | clients | stock | orders/s | orders/s to 90 % sold | p50 ms | p99 ms | 201 | 409 | 429 | 503 | other | Data API calls/order | Data API calls/browse | CPU busy % | JVM CPU % | invariants |\n");
        text.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        runs.forEach(run -> text.append(run.line()).append('\n'));
        text.append('\n');
        for (Run run : runs) {
            text.append(String.format(
                    Locale.ROOT,
                    "- %s, %d clients: login p50 %s ms over %d logins, %d login attempts answered 5xx and retried;"
                            + " %s of %d browses through the edge cache reached the Data API%n",
                    run.design(),
                    run.clients(),
                    Stats.format("%.0f", Stats.median(run.loginLatencies())),
                    run.logins(),
                    run.loginErrors(),
                    run.edgeBrowseCalls(),
                    run.edgeBrowses()));
        }
        for (Run run : runs) {
            text.append(String.format(
                    Locale.ROOT,
                    "- %s, %d clients, order phase: %s%n",
                    run.design(),
                    run.clients(),
                    run.waits().describe()));
        }
        text.append('\n');
        text.append("### At the database tier (the adapter's `place_order` call, nothing of the stack in front)\n\n");
        text.append(
                "| tier | design | clients | stock | orders/s | orders/s to 90 % sold | p50 ms | p99 ms | created | OUT_OF_STOCK | STOCK_BUSY | other | CPU busy % | JVM CPU % | invariants |\n");
        text.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        databaseRuns.forEach(run -> text.append(run.line()).append('\n'));
        text.append('\n');
        for (DatabaseRun run : databaseRuns) {
            text.append(String.format(
                    Locale.ROOT,
                    "- %s, %s, %d callers: %s%n",
                    run.tier().label,
                    run.design(),
                    run.clients(),
                    run.waits().describe()));
        }
        text.append('\n');
        List<PhaseFigures> phases = new ArrayList<>();
        runs.forEach(run -> phases.add(run.summary()));
        databaseRuns.forEach(run -> phases.add(run.summary()));
        text.append("## Summary (computed from the tables above)\n\n");
        summary(phases).forEach(line -> text.append("- ").append(line).append('\n'));
        return text.toString();
    }

    /** Sharded over locking, per level and tier, and what they say about the ratio through the stack. */
    static List<String> summary(List<PhaseFigures> phases) {
        List<String> lines = new ArrayList<>();
        List<Integer> levels =
                phases.stream().map(PhaseFigures::clients).distinct().sorted().toList();
        List<String> tiers = phases.stream().map(PhaseFigures::tier).distinct().toList();
        for (int clients : levels) {
            List<String> parts = new ArrayList<>();
            for (String tier : tiers) {
                find(phases, tier, "sharded", clients)
                        .flatMap(sharded -> find(phases, tier, "locking", clients)
                                .map(locking -> String.format(
                                        Locale.ROOT,
                                        "%s: sharded %.0f vs locking %.0f orders/s, **%.1f×** (to 90 %% sold %s vs %s; p99 %.0f vs"
                                                + " %.0f ms; CPU busy %s %% vs %s %%, JVM %s %% vs %s %%)",
                                        tier.equals(GATEWAY) ? "through the stack" : "at the database, " + tier,
                                        sharded.ordersPerSecond(),
                                        locking.ordersPerSecond(),
                                        sharded.ordersPerSecond() / locking.ordersPerSecond(),
                                        Stats.format("%.0f", sharded.ordersPerSecondToMostSold()),
                                        Stats.format("%.0f", locking.ordersPerSecondToMostSold()),
                                        sharded.p99Ms(),
                                        locking.p99Ms(),
                                        Stats.format("%.0f", sharded.cpu().machinePercent()),
                                        Stats.format("%.0f", locking.cpu().machinePercent()),
                                        Stats.format("%.0f", sharded.cpu().jvmPercent()),
                                        Stats.format("%.0f", locking.cpu().jvmPercent()))))
                        .ifPresent(parts::add);
            }
            if (!parts.isEmpty()) {
                lines.add("**" + clients + " clients** — " + String.join("; ", parts) + ".");
            }
        }
        for (int clients : levels) {
            Optional<PhaseFigures> sharded = find(phases, GATEWAY, "sharded", clients);
            Optional<PhaseFigures> locking = find(phases, GATEWAY, "locking", clients);
            if (sharded.isEmpty() || locking.isEmpty()) {
                continue;
            }
            double ratio = sharded.get().ordersPerSecond() / locking.get().ordersPerSecond();
            StringBuilder line = new StringBuilder(String.format(
                    Locale.ROOT,
                    "Issue 22's target at %d clients, ≥ %.0f× through the stack: %s (%.1f×)",
                    clients,
                    TARGET_RATIO,
                    ratio >= TARGET_RATIO ? "met" : "**not met**",
                    ratio));
            if (clients == 32) {
                line.append(String.format(
                        Locale.ROOT,
                        "; the sharded design's p99 %.0f ms is %s the %.0f ms asked",
                        sharded.get().p99Ms(),
                        sharded.get().p99Ms() < TARGET_P99_MS ? "under" : "**not under**",
                        TARGET_P99_MS));
            }
            lines.add(line + ".");
            lines.add(reading(phases, clients, sharded.get(), locking.get(), ratio));
        }
        List<String> waiting = phases.stream()
                .filter(phase -> !phase.tier().equals(GATEWAY) && phase.cpu().machinePercent() < WAITING_PERCENT)
                .map(phase -> String.format(
                        Locale.ROOT,
                        "%s %s at %d clients (CPU busy %.0f %%, p99 %.0f ms)",
                        phase.design(),
                        phase.tier(),
                        phase.clients(),
                        phase.cpu().machinePercent(),
                        phase.p99Ms()))
                .toList();
        if (!waiting.isEmpty()) {
            lines.add(String.format(
                    Locale.ROOT,
                    "Database-tier phases that waited more than they worked (the machine's CPUs under %.0f %% busy:"
                            + " the callers were blocked, on locks or on the emulator): %s.",
                    WAITING_PERCENT,
                    String.join("; ", waiting)));
        }
        List<String> broken = phases.stream()
                .filter(phase -> !phase.invariantsHold())
                .map(phase -> phase.tier() + " " + phase.design() + " at " + phase.clients() + " clients")
                .toList();
        lines.add(
                broken.isEmpty()
                        ? "The invariants hold in all " + phases.size() + " phases."
                        : "The invariants are **BROKEN** in " + String.join(", ", broken) + ".");
        return lines;
    }

    /** What the CPU and the database tier say about the ratio through the stack at one level. */
    private static String reading(
            List<PhaseFigures> phases, int clients, PhaseFigures sharded, PhaseFigures locking, double ratio) {
        double cpu = Math.min(sharded.cpu().machinePercent(), locking.cpu().machinePercent());
        String busy = String.format(
                Locale.ROOT,
                "At %d clients the gateway runs kept the machine's CPUs %s %% (sharded) and %s %% (locking) busy",
                clients,
                Stats.format("%.0f", sharded.cpu().machinePercent()),
                Stats.format("%.0f", locking.cpu().machinePercent()));
        if (Double.isNaN(cpu)) {
            return busy + " (CPU time unreadable here: no reading of what limits the ratio).";
        }
        Map<String, Double> database = new java.util.LinkedHashMap<>();
        for (DatabaseTier.Tier tier : DatabaseTier.Tier.values()) {
            databaseRatio(phases, tier.label, clients).ifPresent(each -> database.put(tier.label, each));
        }
        if (database.isEmpty()) {
            return busy + "; no database-tier run at this level to compare with.";
        }
        String atDatabase = database.entrySet().stream()
                .map(each -> String.format(Locale.ROOT, "%.1f× (%s)", each.getValue(), each.getKey()))
                .collect(java.util.stream.Collectors.joining(", "));
        boolean allLarger = database.values().stream().allMatch(each -> each > ratio);
        boolean noneLarger = database.values().stream().noneMatch(each -> each > ratio);
        String bound = String.format(
                Locale.ROOT,
                cpu >= CPU_BOUND_PERCENT ? " (both ≥ %.0f %%: CPU-bound)" : " (not both ≥ %.0f %%: not CPU-bound)",
                CPU_BOUND_PERCENT);
        String comparison = String.format(
                Locale.ROOT,
                "; at the database tier sharded over locking is %s, through the stack %.1f×",
                atDatabase,
                ratio);
        if (cpu < CPU_BOUND_PERCENT) {
            return busy + bound + comparison + ".";
        }
        if (allLarger) {
            return busy + bound + comparison
                    + ": on this machine the CPU the stack spends per order, not the row lock, limits the ratio"
                    + " through the stack.";
        }
        if (noneLarger) {
            return busy + bound + comparison
                    + ": the database tier does not show a larger gain for the sharded design either.";
        }
        return busy + bound + comparison + ": the database tiers disagree, so no reading of what limits the ratio.";
    }

    private static Optional<Double> databaseRatio(List<PhaseFigures> phases, String tier, int clients) {
        return find(phases, tier, "sharded", clients)
                .flatMap(sharded -> find(phases, tier, "locking", clients)
                        .map(locking -> sharded.ordersPerSecond() / locking.ordersPerSecond()));
    }

    private static Optional<PhaseFigures> find(List<PhaseFigures> phases, String tier, String design, int clients) {
        return phases.stream()
                .filter(phase ->
                        phase.tier().equals(tier) && phase.design().equals(design) && phase.clients() == clients)
                .findFirst();
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
        String body = "{\"items\":[{\"productId\":\"" + product + "\",\"quantity\":1}]}";
        long orderCallsBefore = calls.calls.get();
        StockWaits waits = StockWaits.start(backend);
        OrderPhase.Result orders =
                OrderPhase.run(design + " through the gateway", clients, stock, deadline, (client, key) -> {
                    Api.Answer answer =
                            api.send("POST", "/orders", tokens.get(client), body, Map.of("Idempotency-Key", key));
                    String status = Integer.toString(answer.status());
                    return switch (answer.status()) {
                        case 201 -> new OrderPhase.Answer(status, OrderPhase.Kind.CREATED);
                        case 409 -> new OrderPhase.Answer(status, OrderPhase.Kind.SOLD_OUT);
                        // 429, 503 and anything else (a gateway timeout under the locking design): the same key
                        // again.
                        default -> new OrderPhase.Answer(status, OrderPhase.Kind.RETRY);
                    };
                });
        long orderCalls = calls.calls.get() - orderCallsBefore;
        StockWaits.Figures waited;
        try (waits) {
            waited = waits.stop();
        }
        Run run = new Run(
                design,
                clients,
                stock,
                orders,
                orderCalls,
                browses,
                browseCalls,
                List.copyOf(browseLatencies),
                edgeBrowses,
                edgeBrowseCalls,
                clients,
                loginErrors.get(),
                List.copyOf(loginLatencies),
                after(product),
                waited);
        System.out.println(run.line());
        System.out.println("flash sale: " + waited.describe());
        return run;
    }

    /** The same sale at the database tier: as many callers as shoppers, a product of its own with the same stock. */
    DatabaseRun runAtDatabase(DatabaseTier.Tier tier, String design, int clients, int stock, Duration deadline)
            throws Exception {
        install(design.equals("locking") ? BASELINE : CURRENT);
        String product = product(stock);
        System.out.printf(
                "flash sale: %s design at the database (%s), %d callers ordering %d units until sold out (at most %d s)…%n",
                design, tier.label, clients, stock, deadline.toSeconds());
        OrderPhase.Result orders;
        StockWaits.Figures waited;
        try (StockWaits waits = StockWaits.start(backend)) {
            try (DatabaseTier.Callers callers = DatabaseTier.open(tier, backend, product, clients)) {
                orders = OrderPhase.run(
                        design + " at the database (" + tier.label + ")", clients, stock, deadline, callers);
            }
            waited = waits.stop();
        }
        DatabaseRun run = new DatabaseRun(tier, design, clients, stock, orders, after(product), waited);
        System.out.println(run.line());
        System.out.println("flash sale: " + waited.describe());
        return run;
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
    private StockCheck after(String product) throws SQLException {
        try (Connection db = backend.connectToDatabase();
                PreparedStatement query = db.prepareStatement(
                        "SELECT (SELECT COALESCE(sum(quantity), 0) FROM order_items WHERE product_id = p.id),"
                                + " p.stock + shard_stock(p.id), (SELECT count(*) FROM stock_shards s WHERE s.product_id = p.id AND s.stock < 0),"
                                + " (SELECT count(*) FROM order_items WHERE product_id = p.id) FROM products p WHERE p.id = ?::uuid")) {
            query.setString(1, product);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return new StockCheck(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4));
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
