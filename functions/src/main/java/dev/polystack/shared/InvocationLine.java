package dev.polystack.shared;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one structured log line every function writes per invocation, whatever triggered it: level,
 * request id, the caller's own fields (route or trigger, status, …), latency, each store call with
 * its latency, the failure once with its cause, and any CloudWatch metrics (embedded metric format).
 */
public final class InvocationLine {
    private final long started = System.nanoTime();
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final Map<String, String> metrics = new LinkedHashMap<>();
    private Throwable failure;

    private InvocationLine(String requestId) {
        InvocationLog.begin();
        fields.put("level", "INFO");
        fields.put("requestId", requestId);
    }

    /** Starts timing and recording store calls on this thread. */
    public static InvocationLine start(String requestId) {
        return new InvocationLine(requestId);
    }

    public InvocationLine with(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    /** A value CloudWatch also records as metric {@code name} in namespace {@link Metrics#NAMESPACE}. */
    public InvocationLine metric(String name, String unit, Number value) {
        fields.put(name, value);
        metrics.put(name, unit);
        return this;
    }

    public InvocationLine failed(Throwable error) {
        this.failure = error;
        return this;
    }

    public void write() {
        List<InvocationLog.StoreCall> calls = InvocationLog.end();
        String level = failure == null ? "INFO" : "ERROR";
        fields.put("level", level);
        fields.put("latencyMs", (System.nanoTime() - started) / 1_000_000);
        fields.put("storeCalls", calls.stream().map(InvocationLine::describe).toList());
        long dataApiErrors = calls.stream().filter(c -> "RdsData".equals(c.service()) && c.error() != null).count();
        if (dataApiErrors > 0) {
            metric(Metrics.DATA_API_ERRORS, "Count", dataApiErrors);
        }
        if (failure != null) {
            fields.put("error", failure.getClass().getName() + ": " + failure.getMessage());
            Throwable cause = failure.getCause();
            if (cause != null) {
                fields.put("cause", cause.getClass().getName() + ": " + cause.getMessage());
            }
        }
        if (!metrics.isEmpty()) {
            Metrics.declare(fields, metrics);
        }
        InvocationLog.write(level, fields);
    }

    private static Map<String, Object> describe(InvocationLog.StoreCall call) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("service", call.service());
        described.put("operation", call.operation());
        described.put("latencyMs", call.latencyMs());
        if (call.error() != null) {
            described.put("error", call.error());
        }
        return described;
    }
}
