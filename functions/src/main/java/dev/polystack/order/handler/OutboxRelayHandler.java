package dev.polystack.order.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.polystack.app.AppContext;
import dev.polystack.http.Json;
import dev.polystack.order.OutboxRelay;
import dev.polystack.shared.InvocationLog;
import dev.polystack.shared.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs on a schedule (EventBridge, every minute): projects orders whose projection was missed. */
public final class OutboxRelayHandler implements RequestStreamHandler {
    private final OutboxRelay relay;

    public OutboxRelayHandler() {
        this(AppContext.get().outboxRelay());
    }

    public OutboxRelayHandler(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long started = System.nanoTime();
        input.readAllBytes();
        InvocationLog.begin();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("requestId", context == null ? null : context.getAwsRequestId());
        line.put("trigger", "schedule:outbox-relay");
        try {
            OutboxRelay.Run run = relay.run();
            line.put("level", "INFO");
            line.put("projected", run.projected());
            line.put(Metrics.OUTBOX_BACKLOG_AGE, run.backlogAgeSeconds());
            Metrics.declare(line, Map.of(Metrics.OUTBOX_BACKLOG_AGE, "Seconds"));
            Json.EVENTS.writeValue(output, Map.of("projected", run.projected(), "backlogAgeSeconds", run.backlogAgeSeconds()));
        } catch (RuntimeException e) {
            line.put("level", "ERROR");
            line.put("error", e.getClass().getName() + ": " + e.getMessage());
            throw e;
        } finally {
            line.put("latencyMs", (System.nanoTime() - started) / 1_000_000);
            line.put("storeCalls", InvocationLog.end().size());
            InvocationLog.write(String.valueOf(line.get("level")), line);
        }
    }
}
