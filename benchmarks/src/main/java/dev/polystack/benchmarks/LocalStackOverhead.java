package dev.polystack.benchmarks;

import dev.polystack.local.LocalBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;

/**
 * What the local stack adds to the work it fronts, in one process: the Data API emulator's
 * ExecuteStatement round trip (the request body the SDK sends, over HTTP; and through the SDK client
 * the functions use, whose own cost is not the emulator's) against the same SQL over a kept JDBC
 * connection to the same PostgreSQL, and the gateway's round trip against calling the same
 * in-process function directly with the event the gateway would build. Calls alternate between
 * the two ways, so both see the same noise; each round gives one median per way.
 */
final class LocalStackOverhead {
    static final int ROUNDS = 5;
    static final int CALLS_PER_ROUND = 200;
    static final String CATALOG_SQL = "SELECT id, sku, name, price_cents, stock FROM products ORDER BY sku";

    /** Per-round medians of the two ways, in milliseconds. */
    record Comparison(
            String what,
            String via,
            String direct,
            List<Double> viaMedians,
            List<Double> directMedians,
            boolean counts) {
        /** A figure shown beside the target's, not judged by it. */
        Comparison informational() {
            return new Comparison(what, via, direct, viaMedians, directMedians, false);
        }

        List<Double> added() {
            List<Double> added = new ArrayList<>();
            for (int i = 0; i < viaMedians.size(); i++) {
                added.add(viaMedians.get(i) - directMedians.get(i));
            }
            return added;
        }
    }

    interface Call {
        void run() throws Exception;
    }

    private LocalStackOverhead() {}

    static List<Comparison> measure(LocalBackend backend, Path eventsDir) throws Exception {
        List<Comparison> comparisons = new ArrayList<>();
        RdsDataClient dataApi = backend.app().clients().rdsData();
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (Connection jdbc = backend.connectToDatabase()) {
            for (String sql : List.of("SELECT 1", CATALOG_SQL)) {
                Call overJdbc = () -> {
                    try (PreparedStatement statement = jdbc.prepareStatement(sql);
                            ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            rows.getObject(1);
                        }
                    }
                };
                Call viaEmulator = viaEmulator(backend, http, sql);
                comparisons.add(compare(
                        "`" + sql + "`",
                        "Data API emulator: ExecuteStatement over HTTP",
                        "JDBC, same PostgreSQL",
                        viaEmulator,
                        overJdbc));
                Call viaSdk = () -> dataApi.executeStatement(b -> b.resourceArn(LocalBackend.CLUSTER_ARN)
                        .secretArn(LocalBackend.SECRET_ARN)
                        .database(backend.settings().dbName())
                        .sql(sql));
                comparisons.add(compare(
                                "`" + sql + "`",
                                "the same through the functions' SDK client (for information)",
                                "JDBC, same PostgreSQL",
                                viaSdk,
                                overJdbc)
                        .informational());
            }
        }
        for (String[] route : List.of(
                new String[] {"/products", "ListProducts", "list-products.json"},
                new String[] {"/nowhere", "Fallback", "unknown-route.json"})) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(backend.gatewayEndpoint() + route[0]))
                    .GET()
                    .build();
            byte[] event = Files.readAllBytes(eventsDir.resolve(route[2]));
            Call viaGateway = () -> http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            Call direct = () -> backend.functions()
                    .invoke(route[1], event, UUID.randomUUID().toString());
            comparisons.add(compare(
                    "`GET " + route[0] + "` (" + route[1] + ", in-process)",
                    "local gateway (HTTP)",
                    "the function called directly",
                    viaGateway,
                    direct));
        }
        return comparisons;
    }

    /** {@code sql} as the request body the SDK sends for ExecuteStatement, straight to the Data API emulator over HTTP. */
    static Call viaEmulator(LocalBackend backend, HttpClient http, String sql) throws java.io.IOException {
        HttpRequest execute = HttpRequest.newBuilder(
                        URI.create(backend.dataApi().endpoint() + "/Execute"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Api.JSON.writeValueAsBytes(Map.of(
                        "resourceArn",
                        LocalBackend.CLUSTER_ARN,
                        "secretArn",
                        LocalBackend.SECRET_ARN,
                        "database",
                        backend.settings().dbName(),
                        "sql",
                        sql))))
                .build();
        return () -> {
            HttpResponse<byte[]> answer = http.send(execute, HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("the emulator answered " + answer.statusCode());
            }
        };
    }

    private static Comparison compare(String what, String viaName, String directName, Call via, Call direct)
            throws Exception {
        for (int i = 0; i < 50; i++) {
            via.run();
            direct.run();
        }
        List<Double> viaMedians = new ArrayList<>();
        List<Double> directMedians = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<Double> viaTimes = new ArrayList<>();
            List<Double> directTimes = new ArrayList<>();
            for (int i = 0; i < CALLS_PER_ROUND; i++) {
                viaTimes.add(time(via));
                directTimes.add(time(direct));
            }
            viaMedians.add(Stats.median(viaTimes));
            directMedians.add(Stats.median(directTimes));
        }
        return new Comparison(what, viaName, directName, viaMedians, directMedians, true);
    }

    static double time(Call call) throws Exception {
        long start = System.nanoTime();
        call.run();
        return (System.nanoTime() - start) / 1e6;
    }
}
