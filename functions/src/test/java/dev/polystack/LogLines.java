package dev.polystack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.shared.InvocationLog;
import dev.polystack.shared.JsonLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The log lines functions write while open, each parsed back from the JSON a function prints. */
public final class LogLines implements AutoCloseable {
    private final List<JsonNode> lines = new CopyOnWriteArrayList<>();

    private LogLines() {}

    public static LogLines capture() {
        LogLines captured = new LogLines();
        InvocationLog.redirect((level, line) -> captured.lines.add(parse(JsonLine.of(line))));
        return captured;
    }

    /** The one line per invocation (INFO or ERROR). */
    public List<JsonNode> invocations() {
        return lines.stream()
                .filter(line -> !"WARN".equals(line.path("level").asText()))
                .toList();
    }

    public List<JsonNode> warnings() {
        return lines.stream()
                .filter(line -> "WARN".equals(line.path("level").asText()))
                .toList();
    }

    @Override
    public void close() {
        InvocationLog.redirect((level, line) -> System.out.println(JsonLine.of(line)));
    }

    private static JsonNode parse(String json) {
        try {
            return Lambda.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON line: " + json, e);
        }
    }
}
