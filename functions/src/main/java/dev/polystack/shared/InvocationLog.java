package dev.polystack.shared;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The store calls made while one invocation runs on this thread, for the invocation's single
 * structured log line. Filled by an SDK interceptor; read and cleared by the function entry points.
 * Also the invocation's correlation ids (Lambda's request id, the gateway's), which every WARN line
 * written meanwhile carries too.
 */
public final class InvocationLog {
    private static final ThreadLocal<List<StoreCall>> CALLS = ThreadLocal.withInitial(ArrayList::new);
    private static final ThreadLocal<Map<String, Object>> CORRELATION = ThreadLocal.withInitial(LinkedHashMap::new);
    private static final ThreadLocal<Map<String, Object>> NOTES = ThreadLocal.withInitial(LinkedHashMap::new);
    private static volatile BiConsumer<String, Map<String, Object>> sink =
            (level, line) -> System.out.println(JsonLine.of(line));

    public record StoreCall(String service, String operation, long latencyMs, String error) {}

    private InvocationLog() {}

    public static void begin() {
        CALLS.get().clear();
        CORRELATION.get().clear();
        NOTES.get().clear();
    }

    /**
     * A fact the use case wants on the invocation's own line (for example who changed whose roles),
     * where the entry point cannot see it: the line carries it as a field.
     */
    public static void note(String name, Object value) {
        NOTES.get().put(name, value);
    }

    /** What was noted during the running invocation. */
    static Map<String, Object> notes() {
        return new LinkedHashMap<>(NOTES.get());
    }

    /** An id of the running invocation (request id, the gateway's request id, route) for the lines written meanwhile. */
    public static void correlate(String name, Object value) {
        CORRELATION.get().put(name, value);
    }

    public static void record(StoreCall call) {
        CALLS.get().add(call);
    }

    public static List<StoreCall> end() {
        List<StoreCall> calls = List.copyOf(CALLS.get());
        CALLS.get().clear();
        CORRELATION.get().clear();
        NOTES.get().clear();
        return calls;
    }

    public static void write(String level, Map<String, Object> line) {
        sink.accept(level, line);
    }

    /** Something that went wrong but was handled, as its own line: an event name and its details. */
    public static void warn(String event, String subjectName, String subject, String detail) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", "WARN");
        line.putAll(CORRELATION.get());
        line.put("event", event);
        line.put(subjectName, subject);
        line.put("detail", detail);
        write("WARN", line);
    }

    /** Lets the local stack or a test send log lines elsewhere (for example to silence them). */
    public static void redirect(BiConsumer<String, Map<String, Object>> newSink) {
        sink = newSink;
    }
}
