package dev.polystack.shared;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one structured log line every function writes per invocation, whatever triggered it: level,
 * the correlation ids (Lambda's request id; for a gateway request also API Gateway's request id, the
 * one its access log carries, and the route), how the execution environment started, the caller's own
 * fields (trigger, status, …), latency, each store call with its latency, the failure once with its
 * cause, and any CloudWatch metrics (embedded metric format).
 */
public final class InvocationLine {
    private final long started = System.nanoTime();
    private final Map<String, Object> correlation = new LinkedHashMap<>();
    private final Map<String, Object> start = new LinkedHashMap<>();
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final Map<String, String> metrics = new LinkedHashMap<>();
    private Throwable failure;

    private InvocationLine(String requestId, boolean coldStart, boolean restored) {
        InvocationLog.begin();
        correlate("requestId", requestId);
        start.put("coldStart", coldStart);
        start.put("restored", restored);
    }

    /**
     * Starts timing and recording store calls on this thread. {@code coldStart}: this invocation waited
     * for its environment's init; {@code restored}: its environment was resumed from a SnapStart snapshot.
     */
    public static InvocationLine start(String requestId, boolean coldStart, boolean restored) {
        return new InvocationLine(requestId, coldStart, restored);
    }

    /** An id that joins this line to other logs; WARN lines written during the invocation carry it too. */
    public InvocationLine correlate(String name, Object value) {
        correlation.put(name, value);
        InvocationLog.correlate(name, value);
        return this;
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
        Map<String, Object> notes = InvocationLog.notes();
        List<InvocationLog.StoreCall> calls = InvocationLog.end();
        String level = failure == null ? "INFO" : "ERROR";
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", level);
        line.putAll(correlation);
        line.putAll(start);
        line.putAll(fields);
        line.putAll(notes);
        // To a hundredth of a millisecond: the runtime's own overhead (REPORT Duration minus this) is compared at that
        // scale.
        line.put("latencyMs", Math.round((System.nanoTime() - started) / 10_000.0) / 100.0);
        line.put("storeCalls", calls.stream().map(InvocationLine::describe).toList());
        long dataApiErrors = calls.stream()
                .filter(c -> "RdsData".equals(c.service()) && c.error() != null)
                .count();
        if (dataApiErrors > 0) {
            line.put(Metrics.DATA_API_ERRORS, dataApiErrors);
            metrics.put(Metrics.DATA_API_ERRORS, "Count");
        }
        if (failure != null) {
            line.put("error", failure.getClass().getName() + ": " + failure.getMessage());
            Throwable cause = failure.getCause();
            if (cause != null) {
                line.put("cause", cause.getClass().getName() + ": " + cause.getMessage());
            }
        }
        if (!metrics.isEmpty()) {
            Metrics.declare(line, metrics);
        }
        InvocationLog.write(level, line);
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
