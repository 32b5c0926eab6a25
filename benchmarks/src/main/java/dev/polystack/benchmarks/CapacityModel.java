package dev.polystack.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystack.app.FunctionSpec;
import dev.polystack.app.Functions;
import dev.polystack.app.SaleSizing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A capacity model of two loads, written to {@code SCALING.md} (with {@code docs/scaling-model.svg}) by
 * {@code benchmarks/scaling}: (a) 50,000 users arriving within one minute, each signing up or logging in, browsing
 * the catalogue and placing one order; (b) 5,000 catalogue reads per second, all month.
 *
 * <p>Every limit on the path is a capacity and a demand per unit of load (per arriving user per second, or per
 * catalogue read per second), both linear, so each limit is hit at {@code capacity / demand} and the order of the
 * bottlenecks is that quotient sorted. Quotas and prices are constants below, each with its source; the per-request
 * figures (Data API calls per order and per browse, the edge's share of browsing that still reaches the Data API, the
 * requests' p50 durations) come from the flash-sale benchmark's {@code benchmarks/flash-sale.json}, and memory and
 * reserved concurrency from {@link Functions}. Region us-east-1; prices are the on-demand list prices of the pages
 * named as known on 2026-12-02. Those pages render their rates in the browser, so they were not read from the page
 * when this was written: check each against its page before relying on the cost.
 */
public final class CapacityModel {
    // ---- Quotas (AWS documentation) ----
    /** https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html: 10,000 RPS per account per Region. */
    static final double API_ACCOUNT_RPS = 10_000;
    /** https://docs.aws.amazon.com/lambda/latest/dg/limits.html: concurrent executions, default 1,000 per Region. */
    static final int LAMBDA_ACCOUNT_CONCURRENCY = 1_000;
    /**
     * https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html: "for each function, your concurrency scaling
     * rate is 1,000 execution environment instances every 10 seconds".
     */
    static final int LAMBDA_SCALING_ENVIRONMENTS = 1_000;

    static final double LAMBDA_SCALING_SECONDS = 10;
    /**
     * https://repost.aws/knowledge-center/on-demand-table-throttling-dynamodb: "For new on-demand tables, you can
     * immediately drive up to 4,000 write request units or 12,000 read request units" (initial throughput:
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html).
     */
    static final double DYNAMO_NEW_TABLE_WRU = 4_000;

    static final double DYNAMO_NEW_TABLE_RRU = 12_000;
    /**
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput-scenarios.html: "each individual
     * partition is limited to 1,000 write units per second and 3,000 read units per second" (so one item too).
     */
    static final double DYNAMO_PARTITION_WRU = 1_000;
    /**
     * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/data-api.limitations.html: on Aurora Serverless v2
     * the Data API has no requests-per-second limit; the writer's capacity is the limit. The project's cluster scales to
     * {@link #AURORA_MAX_ACU} (infra PolystackStack, serverlessV2MaxCapacity); one instance can go to 256
     * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html).
     */
    static final double AURORA_MAX_ACU = 4;
    /**
     * Data API statements one ACU serves: issue 22's estimate (115-230 a second; the low end here), not an AWS figure
     * and not measured on AWS. The biggest uncertainty of the model.
     */
    static final double STATEMENTS_PER_ACU = 115;
    /** https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html: 250,000 requests/s per distribution. */
    static final double CLOUDFRONT_RPS = 250_000;

    // ---- Prices, us-east-1, as known on 2026-12-02 (check against each page: they were not read from it) ----
    /** https://aws.amazon.com/lambda/pricing/ (Arm): $0.0000133334 per GB-second. */
    static final double LAMBDA_GB_SECOND = 0.0000133334;
    /** https://aws.amazon.com/lambda/pricing/: $0.20 per million requests. */
    static final double LAMBDA_PER_MILLION = 0.20;
    /** https://aws.amazon.com/api-gateway/pricing/ (HTTP APIs, first 300 million a month): $1.00 per million. */
    static final double HTTP_API_PER_MILLION = 1.00;
    /** https://aws.amazon.com/dynamodb/pricing/on-demand/: $0.625 per million write request units. */
    static final double DYNAMO_PER_MILLION_WRU = 0.625;
    /** https://aws.amazon.com/dynamodb/pricing/on-demand/: $0.125 per million read request units. */
    static final double DYNAMO_PER_MILLION_RRU = 0.125;
    /** https://aws.amazon.com/rds/aurora/pricing/ (Aurora Serverless v2, Aurora Standard): $0.12 per ACU-hour. */
    static final double AURORA_ACU_HOUR = 0.12;
    /** https://aws.amazon.com/rds/aurora/pricing/ (Data API, first billion a month): $0.35 per million requests. */
    static final double DATA_API_PER_MILLION = 0.35;
    /** https://aws.amazon.com/cloudfront/pricing/ (United States): $0.0100 per 10,000 HTTPS requests. */
    static final double CLOUDFRONT_PER_MILLION_HTTPS = 1.00;

    static final double HOURS_PER_MONTH = 730;
    static final double SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

    // ---- Per-request DynamoDB units, from the code (not measured) ----
    /** The authorizer's consistent GetItem of the session: 1 RRU (≤ 4 KB). */
    static final double AUTHORIZER_RRU = 1;
    /** Login: one GetItem of the user, then one TransactWriteItems of 3 items (2 WRU each in a transaction). */
    static final double LOGIN_RRU = 1;

    static final double LOGIN_WRU = 6;
    /** Sign-up: a TransactWriteItems of the profile and the e-mail claim (2 × 2 WRU) and the address's counter (1 WRU). */
    static final double SIGN_UP_WRU = 5;
    /** An order's projection: a TransactWriteItems of a ConditionCheck and a Put (2 × 2 WRU). */
    static final double ORDER_WRU = 4;

    // ---- Scenario (a) ----
    static final double CROWD = 50_000;
    static final double CROWD_SECONDS = 60;
    /** Share of the crowd that signs up (the rest logs in). */
    static final double SIGN_UP_SHARE = 0.3;
    /** Catalogue reads per shopper: the flash-sale benchmark's browsing (list, search, product, in-stock list). */
    static final double BROWSES_PER_SHOPPER = 4;
    /** Scenario (b). */
    static final double CATALOGUE_READS_PER_SECOND = 5_000;
    /** Stage default route throttle before issue 22 and after it for routes without their own (prod, per route). */
    static final double PROD_STAGE_ROUTE_RATE = 250;

    /** What the benchmark measured, per request; durations are local p50s of the whole request (an upper bound). */
    record Measured(
            String command,
            String finished,
            int clients,
            double dataApiCallsPerOrder,
            double dataApiCallsPerBrowse,
            double dataApiCallsPerEdgeBrowse,
            double orderSeconds,
            double browseSeconds,
            double loginSeconds,
            double hotProductOrdersPerSecondSharded,
            double hotProductOrdersPerSecondLocking) {

        /** The lowest level of the sharded design (least queueing on this machine), and both designs' orders/s there. */
        static Measured read(Path file) throws IOException {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            JsonNode sharded = null;
            JsonNode locking = null;
            for (JsonNode run : root.get("runs")) {
                if (run.get("design").asText().equals("sharded")
                        && (sharded == null
                                || run.get("clients").asInt()
                                        < sharded.get("clients").asInt())) {
                    sharded = run;
                }
            }
            if (sharded == null) {
                throw new IllegalArgumentException(file + " has no run of the sharded design");
            }
            for (JsonNode run : root.get("runs")) {
                if (run.get("design").asText().equals("locking")
                        && run.get("clients").asInt() == sharded.get("clients").asInt()) {
                    locking = run;
                }
            }
            if (locking == null) {
                throw new IllegalArgumentException(file + " has no run of the locking design at "
                        + sharded.get("clients").asInt() + " clients (run benchmarks/flash-sale --design both)");
            }
            return new Measured(
                    root.path("command").asText(),
                    root.path("finished").asText(),
                    sharded.get("clients").asInt(),
                    sharded.get("dataApiCallsPerOrder").asDouble(),
                    sharded.get("dataApiCallsPerBrowse").asDouble(),
                    sharded.get("dataApiCallsPerEdgeBrowse").asDouble(),
                    sharded.get("orderP50Ms").asDouble() / 1000,
                    sharded.get("browseP50Ms").asDouble() / 1000,
                    sharded.get("loginP50Ms").asDouble() / 1000,
                    sharded.get("ordersPerSecond").asDouble(),
                    locking.get("ordersPerSecond").asDouble());
        }
    }

    /** The design being modelled: before issue 22 or now. */
    record Design(
            String name,
            SaleSizing sizing,
            boolean edge,
            boolean shardedStock,
            double loginRate,
            double catalogueRate,
            double orderRate,
            boolean failureOnlyLoginCounting) {
        static Design before() {
            return new Design(
                    "before issue 22",
                    SaleSizing.NONE,
                    false,
                    false,
                    PROD_STAGE_ROUTE_RATE,
                    PROD_STAGE_ROUTE_RATE,
                    PROD_STAGE_ROUTE_RATE,
                    false);
        }

        static Design now() {
            return new Design(
                    "after issue 22",
                    SaleSizing.SALE,
                    true,
                    true,
                    Functions.LOGIN_RATE,
                    Functions.CATALOG_RATE,
                    Functions.PLACE_ORDER_RATE,
                    true);
        }
    }

    /**
     * One limit on the path: its capacity per second and what one unit of load asks of it per second; hit when the load
     * reaches {@code capacity / demandPerUnit}.
     */
    record Limit(String name, String source, double capacity, double demandPerUnit) {
        double hitAt() {
            return demandPerUnit <= 0 ? Double.POSITIVE_INFINITY : capacity / demandPerUnit;
        }
    }

    /** Per-unit monthly costs: one unit of load sustained for a month, by service. */
    record Cost(String service, double dollarsPerUnitMonth) {}

    private CapacityModel() {}

    // ---- Scenario (a): a crowd; load unit = one arriving user per second ----

    /** The limits a crowd meets, per arriving user per second. */
    static List<Limit> crowdLimits(Design design, Measured m) {
        double signUps = SIGN_UP_SHARE;
        double logins = 1 - SIGN_UP_SHARE;
        double browses = BROWSES_PER_SHOPPER;
        double originBrowses =
                design.edge() ? browses * m.dataApiCallsPerEdgeBrowse() / m.dataApiCallsPerBrowse() : browses;
        double orders = 1;
        double signUpSeconds = m.loginSeconds(); // Argon2id at the same memory: the same cost as a login
        List<Limit> limits = new ArrayList<>();
        limits.add(new Limit(
                "API Gateway account quota",
                "apigateway limits.html",
                API_ACCOUNT_RPS,
                signUps + logins + originBrowses + orders));
        String throttles = design.sizing() == SaleSizing.SALE ? "Functions" : "prod stage default, per route";
        limits.add(new Limit("POST /sessions route throttle", throttles, design.loginRate(), logins));
        limits.add(new Limit(
                "POST /users route throttle (stage default)", "DeploymentStage.PROD", PROD_STAGE_ROUTE_RATE, signUps));
        // Browsing spreads over the two catalogue routes, each with its own throttle.
        limits.add(new Limit(
                "GET /products routes' throttles (two routes)", throttles, 2 * design.catalogueRate(), originBrowses));
        limits.add(new Limit("POST /orders route throttle", throttles, design.orderRate(), orders));
        concurrencyLimits(limits, design, new double[] {logins, signUps, originBrowses, orders}, new double[] {
            m.loginSeconds(), signUpSeconds, m.browseSeconds(), m.orderSeconds()
        });
        limits.add(new Limit(
                "DynamoDB new on-demand table, writes",
                "knowledge-center on-demand-table-throttling-dynamodb",
                DYNAMO_NEW_TABLE_WRU,
                signUps * SIGN_UP_WRU + logins * LOGIN_WRU + orders * ORDER_WRU));
        limits.add(new Limit(
                "DynamoDB new on-demand table, reads",
                "knowledge-center on-demand-table-throttling-dynamodb",
                DYNAMO_NEW_TABLE_RRU,
                logins * LOGIN_RRU + orders * AUTHORIZER_RRU));
        // Before: every login counted on one item per source address inside a transaction (2 WRU) and given back (2
        // WRU),
        // so a crowd behind one address meets one partition. Now failure-only counting: an honest login writes nothing
        // there.
        limits.add(new Limit(
                "DynamoDB one item: the login counter of one address (the whole crowd behind it)",
                "dynamodb warm-throughput-scenarios.html",
                DYNAMO_PARTITION_WRU,
                design.failureOnlyLoginCounting() ? 0 : logins * 4));
        limits.add(new Limit(
                "Aurora writer (Data API statements at " + fmt(AURORA_MAX_ACU) + " ACU)",
                "issue 22 estimate × serverlessV2MaxCapacity",
                AURORA_MAX_ACU * STATEMENTS_PER_ACU,
                orders * m.dataApiCallsPerOrder() + originBrowses * m.dataApiCallsPerBrowse()));
        limits.add(new Limit(
                "One hot product's stock (" + (design.shardedStock() ? "32 shards" : "one locked row") + ")",
                "benchmarks/flash-sale.json, orders/s of the " + (design.shardedStock() ? "sharded" : "locking")
                        + " design",
                design.shardedStock() ? m.hotProductOrdersPerSecondSharded() : m.hotProductOrdersPerSecondLocking(),
                orders));
        if (design.edge()) {
            limits.add(new Limit("CloudFront distribution", "cloudfront-limits.html", CLOUDFRONT_RPS, browses));
        }
        return limits;
    }

    /**
     * Lambda concurrency: each function needs rate × duration environments. With the sale's sizing a function with a
     * reservation has its own pool and the rest share what is left; without, all share the account's. The scaling rate
     * lets each function add 1,000 environments per 10 s, so in the first 10 s it serves at most 1,000 / duration.
     */
    private static void concurrencyLimits(List<Limit> limits, Design design, double[] rates, double[] seconds) {
        String[] functions = {"Login", "SignUp", "ListProducts", "PlaceOrder"};
        double shared = 0;
        double authorizer = rates[3] * seconds[3];
        for (int i = 0; i < functions.length; i++) {
            FunctionSpec spec = Functions.named(functions[i]);
            double environments = rates[i] * seconds[i];
            var reserved = design.sizing().reservedConcurrency(spec);
            if (reserved.isPresent()) {
                // The catalogue's two functions each reserve; browsing splits between them.
                int pool = functions[i].equals("ListProducts") ? 2 * reserved.getAsInt() : reserved.getAsInt();
                limits.add(new Limit(
                        functions[i]
                                + (functions[i].equals("ListProducts") ? " + GetProduct" : "")
                                + " reserved concurrency"
                                + (functions[i].equals("Login") ? " (Argon2id CPU: logins/s × login duration)" : ""),
                        "Functions, SaleSizing.SALE",
                        pool,
                        environments));
            } else {
                shared += environments;
            }
            limits.add(new Limit(
                    functions[i] + " scaling rate (first 10 s)",
                    "scaling-behavior.html",
                    LAMBDA_SCALING_ENVIRONMENTS * (functions[i].equals("ListProducts") ? 2 : 1),
                    environments));
        }
        var authorizerReserved = design.sizing().reservedConcurrency(Functions.named(Functions.AUTHORIZER));
        if (authorizerReserved.isPresent()) {
            limits.add(new Limit(
                    "Authorizer reserved concurrency",
                    "Functions, SaleSizing.SALE",
                    authorizerReserved.getAsInt(),
                    authorizer));
        } else {
            shared += authorizer;
        }
        int pool = LAMBDA_ACCOUNT_CONCURRENCY - design.sizing().reservedTotal();
        limits.add(new Limit(
                design.sizing() == SaleSizing.SALE
                        ? "Lambda unreserved pool (" + pool + ")"
                        : "Lambda account concurrency (shared by every function)",
                "lambda limits.html",
                pool,
                shared));
    }

    // ---- Scenario (b): catalogue reads; load unit = one catalogue read per second ----

    static List<Limit> catalogueLimits(Design design, Measured m) {
        double origin = design.edge() ? m.dataApiCallsPerEdgeBrowse() / m.dataApiCallsPerBrowse() : 1;
        List<Limit> limits = new ArrayList<>();
        limits.add(new Limit("API Gateway account quota", "apigateway limits.html", API_ACCOUNT_RPS, origin));
        limits.add(new Limit(
                "GET /products routes' throttles (two routes)",
                design.sizing() == SaleSizing.SALE ? "Functions" : "prod stage default, per route",
                2 * design.catalogueRate(),
                origin));
        double environments = origin * m.browseSeconds();
        var reserved = design.sizing().reservedConcurrency(Functions.named("ListProducts"));
        limits.add(new Limit(
                reserved.isPresent() ? "ListProducts + GetProduct reserved concurrency" : "Lambda account concurrency",
                reserved.isPresent() ? "Functions, SaleSizing.SALE" : "lambda limits.html",
                reserved.isPresent() ? 2 * reserved.getAsInt() : LAMBDA_ACCOUNT_CONCURRENCY,
                environments));
        limits.add(new Limit(
                "Aurora writer (Data API statements at " + fmt(AURORA_MAX_ACU) + " ACU)",
                "issue 22 estimate × serverlessV2MaxCapacity",
                AURORA_MAX_ACU * STATEMENTS_PER_ACU,
                origin * m.dataApiCallsPerBrowse()));
        if (design.edge()) {
            limits.add(new Limit("CloudFront distribution", "cloudfront-limits.html", CLOUDFRONT_RPS, 1));
        }
        return limits;
    }

    /** The monthly cost of one catalogue read per second, sustained, by service. */
    static List<Cost> catalogueCosts(Design design, Measured m) {
        double origin = design.edge() ? m.dataApiCallsPerEdgeBrowse() / m.dataApiCallsPerBrowse() : 1;
        double perMonth = SECONDS_PER_MONTH;
        double gb = Functions.named("ListProducts").memoryMb() / 1024.0;
        List<Cost> costs = new ArrayList<>();
        if (design.edge()) {
            costs.add(new Cost("CloudFront requests", perMonth * CLOUDFRONT_PER_MILLION_HTTPS / 1e6));
        }
        costs.add(new Cost("API Gateway requests", perMonth * origin * HTTP_API_PER_MILLION / 1e6));
        costs.add(new Cost(
                "Lambda requests + GB-s",
                perMonth * origin * (LAMBDA_PER_MILLION / 1e6 + gb * m.browseSeconds() * LAMBDA_GB_SECOND)));
        double statements = origin * m.dataApiCallsPerBrowse();
        costs.add(new Cost("Data API requests", perMonth * statements * DATA_API_PER_MILLION / 1e6));
        costs.add(new Cost("Aurora ACU-hours", statements / STATEMENTS_PER_ACU * HOURS_PER_MONTH * AURORA_ACU_HOUR));
        return costs;
    }

    /** What one arriving user costs (one sign-up or login, the browsing, one order), by service. */
    static List<Cost> crowdCostPerUser(Design design, Measured m) {
        double browses = BROWSES_PER_SHOPPER;
        double originBrowses =
                design.edge() ? browses * m.dataApiCallsPerEdgeBrowse() / m.dataApiCallsPerBrowse() : browses;
        double argon2Gb = Functions.ARGON2_MEMORY_MB / 1024.0;
        double gb = FunctionSpec.DEFAULT_MEMORY_MB / 1024.0;
        double apiRequests = 1 + originBrowses + 1;
        // Invocations: the sign-up or login, the browses that reach a function, the order and its authorizer.
        double invocations = 1 + originBrowses + 2;
        double gbSeconds =
                argon2Gb * m.loginSeconds() + gb * (originBrowses * m.browseSeconds() + 2 * m.orderSeconds());
        double statements = m.dataApiCallsPerOrder() + originBrowses * m.dataApiCallsPerBrowse();
        List<Cost> costs = new ArrayList<>();
        if (design.edge()) {
            costs.add(new Cost("CloudFront requests", browses * CLOUDFRONT_PER_MILLION_HTTPS / 1e6));
        }
        costs.add(new Cost("API Gateway requests", apiRequests * HTTP_API_PER_MILLION / 1e6));
        costs.add(new Cost(
                "Lambda requests + GB-s", invocations * LAMBDA_PER_MILLION / 1e6 + gbSeconds * LAMBDA_GB_SECOND));
        double wru = SIGN_UP_SHARE * SIGN_UP_WRU + (1 - SIGN_UP_SHARE) * LOGIN_WRU + ORDER_WRU;
        double rru = (1 - SIGN_UP_SHARE) * LOGIN_RRU + AUTHORIZER_RRU;
        costs.add(new Cost(
                "DynamoDB request units", wru * DYNAMO_PER_MILLION_WRU / 1e6 + rru * DYNAMO_PER_MILLION_RRU / 1e6));
        costs.add(new Cost("Data API requests", statements * DATA_API_PER_MILLION / 1e6));
        return costs;
    }

    /** The limits in the order they are hit, first first. */
    static List<Limit> bottlenecks(List<Limit> limits) {
        return limits.stream()
                .filter(l -> Double.isFinite(l.hitAt()))
                .sorted(Comparator.comparingDouble(Limit::hitAt))
                .toList();
    }

    static double total(List<Cost> costs) {
        return costs.stream().mapToDouble(Cost::dollarsPerUnitMonth).sum();
    }

    // ---- Writing ----

    public static void main(String[] args) throws IOException {
        Path root = args.length > 0 ? Path.of(args[0]) : Path.of("");
        Path figures = root.resolve(FlashSale.DEFAULT_JSON);
        Measured m = Measured.read(figures);
        Files.writeString(root.resolve("SCALING.md"), markdown(m), StandardCharsets.UTF_8);
        Files.writeString(root.resolve("docs/scaling-model.svg"), svg(m), StandardCharsets.UTF_8);
        System.out.println("wrote SCALING.md and docs/scaling-model.svg from " + figures);
    }

    static String markdown(Measured m) {
        double arrival = CROWD / CROWD_SECONDS;
        StringBuilder md = new StringBuilder();
        md.append("# Scaling: what a crowd and a browsing load meet first, and what they cost\n\n");
        md.append(
                "Written by `benchmarks/scaling` (`benchmarks/src/main/java/dev/polystack/benchmarks/CapacityModel.java`);"
                        + " do not edit by hand. What you can do with it: see, for two loads, which limit on the path is hit"
                        + " first and at what rate, the order of the bottlenecks before and after issue 22, and what the loads cost."
                        + " How the stages are sized: [docs/scaling.md](docs/scaling.md).\n\n");
        md.append(
                        "Inputs: AWS quotas, and us-east-1 on-demand list prices as known on 2026-12-02 (each a constant in the"
                                + " program with its source page; the pricing pages render their rates in the browser,"
                                + " so check the prices there before relying on a cost); per-request figures from `")
                .append(FlashSale.DEFAULT_JSON)
                .append("`, written by `")
                .append(m.command())
                .append("` (finished ")
                .append(m.finished())
                .append(", the sharded design's run at ")
                .append(m.clients())
                .append(" clients); memory and reservations from `Functions`.\n\n");
        md.append("| measured (local stack) | value |\n|---|---|\n");
        md.append(row("Data API calls per order", fmt2(m.dataApiCallsPerOrder())));
        md.append(row("Data API calls per catalogue read (gateway)", fmt2(m.dataApiCallsPerBrowse())));
        md.append(row(
                "Data API calls per catalogue read through the edge cache",
                fmt2(m.dataApiCallsPerEdgeBrowse()) + " (" + FlashSale.EDGE_ROUNDS
                        + " rounds of browsing per client)"));
        md.append(row("order p50 (taken as PlaceOrder's and the authorizer's duration)", ms(m.orderSeconds())));
        md.append(row("catalogue read p50 (taken as ListProducts'/GetProduct's duration)", ms(m.browseSeconds())));
        md.append(row("login p50 (taken as Login's and SignUp's duration, Argon2id)", ms(m.loginSeconds())));
        md.append(row(
                "one hot product, orders/s (sharded / locking)",
                fmt(m.hotProductOrdersPerSecondSharded()) + " / " + fmt(m.hotProductOrdersPerSecondLocking())));
        md.append("\nDurations are local p50s of the whole request on the machine that ran the benchmark (gateway,"
                + " authorizer, function and stores on one machine): an upper bound of a function's billed duration on"
                + " Lambda, which makes the concurrency limits below pessimistic. The hot product's orders/s is the local"
                + " stack's, CPU-bound there; on AWS the database's own figure applies (issue 22's pgbench: 87-168"
                + " orders/s with one locked row at 32 callers, 780-894 with 32 shards).\n\n");

        md.append("## (a) 50,000 users arriving within one minute\n\n");
        md.append(String.format(
                Locale.ROOT,
                "%s users/s. Each: %.0f %% sign up, %.0f %% log in (Argon2id either way), then %.0f catalogue reads"
                        + " (the benchmark's: a list, a search, a product, an in-stock list), then one order (one"
                        + " authorizer call and PlaceOrder). A limit is hit when the arrival rate reaches its capacity"
                        + " divided by what one arriving user per second asks of it.\n\n",
                fmt(arrival),
                SIGN_UP_SHARE * 100,
                (1 - SIGN_UP_SHARE) * 100,
                BROWSES_PER_SHOPPER));
        for (Design design : List.of(Design.before(), Design.now())) {
            md.append("### ").append(design.name()).append("\n\n");
            md.append(limitTable(bottlenecks(crowdLimits(design, m)), arrival, "users/s"));
        }
        md.append(costSection(
                "One such minute costs",
                Design.before(),
                Design.now(),
                d -> crowdCostPerUser(d, m),
                CROWD,
                "per 50,000 users (one sale); Aurora's ACU-hours are not included (the cluster is paid by the hour"
                        + " whether or not a sale runs: at " + fmt(AURORA_MAX_ACU) + " ACU, "
                        + dollars(AURORA_MAX_ACU * AURORA_ACU_HOUR * HOURS_PER_MONTH) + " a month)"));

        md.append(String.format(
                Locale.ROOT,
                "%nThirty such sales a month: %s before, %s after, plus the cluster's ACU-hours. These are the costs if"
                        + " every user were served; the limits above refuse many of them first.%n",
                dollars(30 * CROWD * total(crowdCostPerUser(Design.before(), m))),
                dollars(30 * CROWD * total(crowdCostPerUser(Design.now(), m)))));
        md.append("\n## (b) 5,000 catalogue reads per second, all month\n\n");
        for (Design design : List.of(Design.before(), Design.now())) {
            md.append("### ").append(design.name()).append("\n\n");
            md.append(limitTable(bottlenecks(catalogueLimits(design, m)), CATALOGUE_READS_PER_SECOND, "reads/s"));
        }
        md.append(costSection(
                "A month of it costs",
                Design.before(),
                Design.now(),
                d -> catalogueCosts(d, m),
                CATALOGUE_READS_PER_SECOND,
                "per month at 5,000 reads/s; Aurora's ACU-hours are what the statements would need, even above the"
                        + " cluster's " + fmt(AURORA_MAX_ACU) + " ACU ceiling"));

        md.append("\n## The order of the bottlenecks, before and after issue 22\n\n");
        md.append("![Arrival rate at which each limit is hit, before and after issue 22](docs/scaling-model.svg)\n\n");
        for (Design design : List.of(Design.before(), Design.now())) {
            md.append("- **").append(design.name()).append("** (a): ");
            md.append(String.join(
                    " → ",
                    bottlenecks(crowdLimits(design, m)).stream()
                            .limit(5)
                            .map(l -> l.name() + " (" + fmt(l.hitAt()) + ")")
                            .toList()));
            md.append("\n");
        }
        md.append("\nBefore: no reservations (every function in one pool of 1,000), every route at the prod stage's"
                + " 250/s, every order of one product behind one row lock, every catalogue read on Aurora, and every"
                + " login counted on one item per source address. After: the sale's reservations (prod), the hot routes'"
                + " own throttles, 32 stock shards, the catalogue at the edge, failure-only login counting.\n\n");
        md.append("## What the model leaves out\n\n");
        md.append(
                "- Durations are local, not Lambda's; SnapStart restores and cold starts are not modelled (the scaling"
                        + " rate is). Run `benchmarks/flash-sale` on a quiet machine, then `benchmarks/scaling`, to refresh.\n");
        md.append("- Aurora's statements per ACU is issue 22's estimate, not a measurement on AWS.\n");
        md.append(
                "- DynamoDB request units per request are read from the code (a transaction's item costs 2 units), not"
                        + " measured; items are assumed ≤ 1 KB.\n");
        md.append(
                "- The edge's share of browsing that reaches the origin is the local edge cache's, with the benchmark's"
                        + " few distinct URLs; CloudFront has many edge locations, each filling its own cache.\n");
        md.append("- Data transfer out (CloudFront, API Gateway) and CloudWatch Logs are not priced.\n");
        md.append(
                "- The hot product's limit holds only until it sells out: after issue 22 the orders that find it sold out"
                        + " are refused without a lock (docs/scaling.md), so they meet the route, the functions and Aurora only.\n");
        return md.toString();
    }

    private interface Costs {
        List<Cost> of(Design design);
    }

    private static String costSection(String title, Design before, Design now, Costs costs, double units, String note) {
        StringBuilder md = new StringBuilder();
        md.append("**").append(title).append("** (").append(note).append("):\n\n");
        md.append("| service | ")
                .append(before.name())
                .append(" | ")
                .append(now.name())
                .append(" |\n|---|---|---|\n");
        List<Cost> b = costs.of(before);
        List<Cost> a = costs.of(now);
        List<String> services = new ArrayList<>();
        a.forEach(c -> services.add(c.service()));
        b.forEach(c -> {
            if (!services.contains(c.service())) {
                services.add(c.service());
            }
        });
        for (String service : services) {
            md.append("| ")
                    .append(service)
                    .append(" | ")
                    .append(dollars(units * find(b, service)))
                    .append(" | ")
                    .append(dollars(units * find(a, service)))
                    .append(" |\n");
        }
        md.append("| **total** | **")
                .append(dollars(units * total(b)))
                .append("** | **")
                .append(dollars(units * total(a)))
                .append("** |\n");
        return md.toString();
    }

    private static double find(List<Cost> costs, String service) {
        return costs.stream()
                .filter(c -> c.service().equals(service))
                .mapToDouble(Cost::dollarsPerUnitMonth)
                .sum();
    }

    private static String limitTable(List<Limit> limits, double load, String unit) {
        StringBuilder md = new StringBuilder();
        md.append("| # | limit | capacity | asked per unit of load | hit at (")
                .append(unit)
                .append(") | at ")
                .append(fmt(load))
                .append(" ")
                .append(unit)
                .append(" | source |\n|---|---|---|---|---|---|---|\n");
        int rank = 1;
        for (Limit limit : limits) {
            double use = load / limit.hitAt();
            md.append("| ")
                    .append(rank++)
                    .append(" | ")
                    .append(limit.name())
                    .append(" | ")
                    .append(fmt(limit.capacity()))
                    .append(" | ")
                    .append(fmt2(limit.demandPerUnit()))
                    .append(" | ")
                    .append(fmt(limit.hitAt()))
                    .append(" | ")
                    .append(use >= 1 ? "**" + fmt(use * 100) + " % (refused or queued)**" : fmt(use * 100) + " %")
                    .append(" | ")
                    .append(limit.source())
                    .append(" |\n");
        }
        return md.append('\n').toString();
    }

    /** Horizontal bars, log scale: the arrival rate at which each of the first limits is hit, before and after. */
    static String svg(Measured m) {
        int width = 1100;
        int bar = 16;
        int left = 480;
        List<Limit> before =
                bottlenecks(crowdLimits(Design.before(), m)).stream().limit(8).toList();
        List<Limit> after =
                bottlenecks(crowdLimits(Design.now(), m)).stream().limit(8).toList();
        int height = 80 + (before.size() + after.size()) * (bar + 6) + 40;
        double min = 1;
        double max = 100_000;
        double arrival = CROWD / CROWD_SECONDS;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                width,
                height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(
                "<text x=\"10\" y=\"20\" font-size=\"14\">Arrival rate (users/s, log scale) at which each limit is hit:"
                        + " the first eight, before and after issue 22</text>\n");
        int y = 40;
        for (var group : List.of(List.of("before issue 22", before), List.of("after issue 22", after))) {
            svg.append(String.format(
                    Locale.ROOT, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">%s</text>%n", y + 12, group.get(0)));
            y += 18;
            @SuppressWarnings("unchecked")
            List<Limit> limits = (List<Limit>) group.get(1);
            for (Limit limit : limits) {
                double x = scale(Math.min(Math.max(limit.hitAt(), min), max), min, max, left, width - 20);
                svg.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                        left - 6,
                        y + bar - 4,
                        escape(limit.name().length() > 70 ? limit.name().substring(0, 69) + "…" : limit.name())));
                svg.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                        left,
                        y,
                        x - left,
                        bar,
                        limit.hitAt() < arrival ? "#d9534f" : "#5b9bd5"));
                svg.append(String.format(
                        Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n", x + 4, y + bar - 4, fmt(limit.hitAt())));
                y += bar + 6;
            }
        }
        double line = scale(arrival, min, max, left, width - 20);
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"30\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\" stroke-dasharray=\"4 3\"/>%n",
                line,
                line,
                y));
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\">50,000 users in a minute = %s users/s (red: hit below it)</text>%n",
                line - 120,
                y + 16,
                fmt(arrival)));
        for (double tick = min; tick <= max; tick *= 10) {
            double x = scale(tick, min, max, left, width - 20);
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" fill=\"#666\" text-anchor=\"middle\">%s</text>%n",
                    x,
                    y + 32,
                    fmt(tick)));
        }
        return svg.append("</svg>\n").toString();
    }

    static double scale(double value, double min, double max, double from, double to) {
        return from + (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) * (to - from);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String row(String name, String value) {
        return "| " + name + " | " + value + " |\n";
    }

    static String fmt(double value) {
        if (!Double.isFinite(value)) {
            return "—";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String fmt2(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String ms(double seconds) {
        return String.format(Locale.ROOT, "%.0f ms", seconds * 1000);
    }

    static String dollars(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "$%,.0f", value) : String.format(Locale.ROOT, "$%.2f", value);
    }
}
