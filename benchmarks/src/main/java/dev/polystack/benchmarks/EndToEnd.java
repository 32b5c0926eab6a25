package dev.polystack.benchmarks;

import dev.polystack.local.LocalBackend;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Warm {@code GET /products} through the local stack as {@code local/start} runs it (the gateway, ListProducts
 * in its own process through the Runtime Interface Client, the Data API emulator, PostgreSQL), one request at a
 * time, alternating with the catalogue's SELECT sent straight to the Data API emulator, so both see the same
 * noise and the same rows. The function's own log lines split each invocation: its store call, its own code,
 * the runtime path in its process (REPORT Duration minus its latency).
 */
final class EndToEnd {
    static final int WARM_UP = 20;
    static final int REQUESTS = 200;
    static final String FUNCTION = "ListProducts";

    /**
     * One run's samples, in ms: the request through the gateway, the emulator's round trip for the catalogue's
     * SELECT, and ListProducts' invocations as its log lines tell them.
     */
    record Figures(
            List<Double> endToEnd,
            List<Double> emulator,
            List<FunctionLogs.Split> invocations,
            Map<Integer, Integer> statuses) {

        double endToEndMedian() {
            return Stats.median(endToEnd);
        }

        /** The sum of parts: the emulator's time for the SQL plus the gateway's own overhead. */
        double parts(double gatewayOverhead) {
            return Stats.median(emulator) + gatewayOverhead;
        }

        double ratio(double gatewayOverhead) {
            return endToEndMedian() / parts(gatewayOverhead);
        }

        double storeMedian() {
            return Stats.median(
                    invocations.stream().map(FunctionLogs.Split::storeMillis).toList());
        }

        double ownMedian() {
            return Stats.median(
                    invocations.stream().map(FunctionLogs.Split::ownMillis).toList());
        }

        double runtimeMedian() {
            return Stats.median(
                    invocations.stream().map(FunctionLogs.Split::runtimeMillis).toList());
        }

        double durationMedian() {
            return Stats.median(
                    invocations.stream().map(FunctionLogs.Split::durationMillis).toList());
        }
    }

    private EndToEnd() {}

    static Figures measure(LocalBackend stack, Api api, FunctionLogs logs) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        LocalStackOverhead.Call emulator = LocalStackOverhead.viaEmulator(stack, http, LocalStackOverhead.CATALOG_SQL);
        for (int i = 0; i < WARM_UP; i++) {
            api.send("GET", "/products", null, null);
            emulator.run();
        }
        logs.clear();
        List<Double> endToEnd = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            Api.Answer answer = api.send("GET", "/products", null, null);
            endToEnd.add(answer.millis());
            statuses.merge(answer.status(), 1, Integer::sum);
            direct.add(LocalStackOverhead.time(emulator));
        }
        // The function's lines come through its output pipe, read by another thread: give the last one a moment.
        Thread.sleep(250);
        return new Figures(endToEnd, direct, logs.splits(FUNCTION), statuses);
    }
}
