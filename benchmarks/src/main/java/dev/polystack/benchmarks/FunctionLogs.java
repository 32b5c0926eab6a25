package dev.polystack.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The function processes' output, kept in a file, and their invocation lines read for the store
 * calls each invocation made: {@code [GetMe] {"route":…,"storeCalls":[{"service":"DynamoDb","operation":"Query",…}]}}.
 */
final class FunctionLogs implements Consumer<String> {
    private static final Pattern INVOCATION_LINE = Pattern.compile("^\\[(\\w+)] (\\{.*\"storeCalls\".*})$");
    private static final Pattern REPORT_LINE =
            Pattern.compile("^\\[(\\w+)] REPORT RequestId: (\\S+)\\tDuration: ([0-9.]+) ms.*");

    /**
     * One invocation as its two lines tell it: the latency the function logged for itself, the sum of its
     * store calls' latencies (both on its own line) and the runtime's REPORT Duration; NaN for a line not seen.
     */
    record Split(String function, double handlerMillis, double storeMillis, double durationMillis) {
        /** What the function did besides waiting for its stores. */
        double ownMillis() {
            return handlerMillis - storeMillis;
        }

        /** The REPORT Duration minus the handler's own latency: what the runtime path took in the process. */
        double runtimeMillis() {
            return durationMillis - handlerMillis;
        }

        boolean complete() {
            return !Double.isNaN(handlerMillis) && !Double.isNaN(durationMillis);
        }
    }

    private record Line(String function, List<String> calls) {}

    private final PrintWriter file;
    private final List<Line> recent = new ArrayList<>();
    private final List<Line> all = new ArrayList<>();
    /** Since {@link #clear()}, by Lambda request id, in the order first seen. */
    private final Map<String, Split> splits = new LinkedHashMap<>();

    FunctionLogs(PrintWriter file) {
        this.file = file;
    }

    @Override
    public void accept(String text) {
        synchronized (file) {
            file.println(text);
        }
        Matcher report = REPORT_LINE.matcher(text);
        if (report.matches()) {
            split(
                    report.group(1),
                    report.group(2),
                    s -> new Split(
                            s.function(), s.handlerMillis(), s.storeMillis(), Double.parseDouble(report.group(3))));
            return;
        }
        Matcher matcher = INVOCATION_LINE.matcher(text);
        if (!matcher.matches()) {
            return;
        }
        List<String> calls = new ArrayList<>();
        double storeMillis = 0;
        JsonNode json;
        try {
            json = Api.JSON.readTree(matcher.group(2));
        } catch (IOException notJson) {
            return;
        }
        for (JsonNode call : json.path("storeCalls")) {
            calls.add(
                    call.path("service").asText() + " " + call.path("operation").asText());
            storeMillis += call.path("latencyMs").asDouble();
        }
        Line line = new Line(matcher.group(1), calls);
        synchronized (this) {
            recent.add(line);
            all.add(line);
        }
        if (json.path("requestId").isTextual() && json.path("latencyMs").isNumber()) {
            double handler = json.path("latencyMs").asDouble();
            double stores = storeMillis;
            split(
                    matcher.group(1),
                    json.path("requestId").asText(),
                    s -> new Split(s.function(), handler, stores, s.durationMillis()));
        }
    }

    private synchronized void split(String function, String requestId, java.util.function.UnaryOperator<Split> change) {
        splits.put(
                requestId,
                change.apply(splits.getOrDefault(requestId, new Split(function, Double.NaN, Double.NaN, Double.NaN))));
    }

    synchronized void clear() {
        recent.clear();
        splits.clear();
    }

    /** The function's invocations since {@link #clear()} whose log line and REPORT line both came. */
    synchronized List<Split> splits(String function) {
        return splits.values().stream()
                .filter(s -> s.function().equals(function) && s.complete())
                .toList();
    }

    /** The store calls most of the function's invocations since {@link #clear()} made, e.g. {@code DynamoDb GetItem + DynamoDb PutItem}. */
    synchronized String typicalCalls(String function) {
        return typical(recent, function);
    }

    synchronized String typicalCallsOfAll(String function) {
        return typical(all, function);
    }

    private static String typical(List<Line> lines, String function) {
        Map<String, Integer> bySignature = new LinkedHashMap<>();
        lines.stream()
                .filter(l -> l.function().equals(function))
                .forEach(l -> bySignature.merge(signature(l.calls()), 1, Integer::sum));
        int total = bySignature.values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            return "no invocation line logged";
        }
        var most = bySignature.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow();
        return most.getValue() == total
                ? most.getKey()
                : most.getKey() + " (" + most.getValue() + " of " + total + " invocations)";
    }

    /** The calls in the order made, a run of the same call counted: {@code DynamoDb GetItem + 2 × RdsData ExecuteStatement}; {@code none}. */
    static String signature(List<String> calls) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < calls.size(); ) {
            int run = 1;
            while (i + run < calls.size() && calls.get(i + run).equals(calls.get(i))) {
                run++;
            }
            parts.add(run == 1 ? calls.get(i) : run + " × " + calls.get(i));
            i += run;
        }
        return parts.isEmpty() ? "none" : String.join(" + ", parts);
    }
}
