package dev.polystack.health.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.polystack.app.AppContext;
import dev.polystack.health.HealthService;
import dev.polystack.http.Json;
import dev.polystack.shared.InvocationLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deep health check, Aurora included, with no HTTP route: only a caller with AWS credentials can
 * invoke it ({@code aws lambda invoke}, {@code local/invoke DeepHealth}), so an anonymous caller can
 * neither wake a paused cluster nor load it. {@code GET /health} is the public liveness check.
 */
public final class DeepHealthHandler implements RequestStreamHandler {
    private final HealthService health;

    public DeepHealthHandler() {
        this(AppContext.fromEnvironment().deepHealth());
    }

    public DeepHealthHandler(HealthService health) {
        this.health = health;
    }

    record Store(String status, long latencyMs, String error) {
    }

    record Report(String status, Map<String, Store> stores) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        InvocationLine line = InvocationLine.start(context == null ? null : context.getAwsRequestId()).with("trigger", "operator");
        input.readAllBytes();
        HealthService.Report report = health.check();
        Map<String, Store> stores = new LinkedHashMap<>();
        report.stores().forEach((name, store) -> stores.put(name, new Store(store.status(), store.latencyMs(), store.error())));
        String status = report.healthy() ? "ok" : "degraded";
        Json.EVENTS.writeValue(output, new Report(status, stores));
        line.with("status", status).write();
    }
}
