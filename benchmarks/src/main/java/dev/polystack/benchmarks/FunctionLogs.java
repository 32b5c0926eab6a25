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

    private record Line(String function, List<String> calls) {}

    private final PrintWriter file;
    private final List<Line> recent = new ArrayList<>();
    private final List<Line> all = new ArrayList<>();

    FunctionLogs(PrintWriter file) {
        this.file = file;
    }

    @Override
    public void accept(String text) {
        synchronized (file) {
            file.println(text);
        }
        Matcher matcher = INVOCATION_LINE.matcher(text);
        if (!matcher.matches()) {
            return;
        }
        List<String> calls = new ArrayList<>();
        try {
            for (JsonNode call : Api.JSON.readTree(matcher.group(2)).path("storeCalls")) {
                calls.add(call.path("service").asText() + " "
                        + call.path("operation").asText());
            }
        } catch (IOException notJson) {
            return;
        }
        Line line = new Line(matcher.group(1), calls);
        synchronized (this) {
            recent.add(line);
            all.add(line);
        }
    }

    synchronized void clear() {
        recent.clear();
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
