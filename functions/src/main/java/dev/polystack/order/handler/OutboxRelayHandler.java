package dev.polystack.order.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.polystack.app.AppContext;
import dev.polystack.http.Json;
import dev.polystack.order.OutboxRelay;
import dev.polystack.shared.InvocationLine;
import dev.polystack.shared.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/** Runs on a schedule (EventBridge, every minute): projects orders whose projection was missed. */
public final class OutboxRelayHandler implements RequestStreamHandler {
    private final OutboxRelay relay;

    public OutboxRelayHandler() {
        this(AppContext.fromEnvironment().outboxRelay());
    }

    public OutboxRelayHandler(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        InvocationLine line = InvocationLine.start(context == null ? null : context.getAwsRequestId()).with("trigger", "schedule:outbox-relay");
        try {
            OutboxRelay.Run run = relay.run();
            line.with("projected", run.projected()).metric(Metrics.OUTBOX_BACKLOG_AGE, "Seconds", run.backlogAgeSeconds());
            Json.EVENTS.writeValue(output, Map.of("projected", run.projected(), "backlogAgeSeconds", run.backlogAgeSeconds()));
        } catch (RuntimeException e) {
            line.failed(e);
            throw e;
        } finally {
            line.write();
        }
    }
}
