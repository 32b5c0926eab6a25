package dev.polystack.health.handler;

import dev.polystack.app.AppContext;
import dev.polystack.health.HealthService;
import dev.polystack.shared.InvocationLine;
import dev.polystack.shared.lambda.LambdaFunction;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deep health check, Aurora included, with no HTTP route: only a caller with AWS credentials can
 * invoke it ({@code aws lambda invoke}, {@code local/invoke DeepHealth}), so an anonymous caller can
 * neither wake a paused cluster nor load it. {@code GET /health} is the public liveness check.
 */
public final class DeepHealthHandler extends LambdaFunction<DeepHealthHandler.Request, DeepHealthHandler.Report> {
    private final HealthService health;

    public DeepHealthHandler() {
        this(AppContext.fromEnvironment().deepHealth());
    }

    public DeepHealthHandler(HealthService health) {
        super("operator", Request.class, Report.class);
        this.health = health;
    }

    /** What an operator sends ({@code events/deep-health.json}); nothing in it changes the check. */
    public record Request(String source, String check) {
    }

    public record Store(String status, long latencyMs, String error) {
    }

    public record Report(String status, Map<String, Store> stores) {
    }

    @Override
    protected Report process(Request request, InvocationLine line) {
        HealthService.Report report = health.check();
        Map<String, Store> stores = new LinkedHashMap<>();
        report.stores().forEach((name, store) -> stores.put(name, new Store(store.status(), store.latencyMs(), store.error())));
        String status = report.healthy() ? "ok" : "degraded";
        line.with("status", status);
        return new Report(status, stores);
    }
}
