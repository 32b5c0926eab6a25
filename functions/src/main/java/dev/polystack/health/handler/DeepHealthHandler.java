package dev.polystack.health.handler;

import dev.polystack.app.AppContext;
import dev.polystack.health.HealthService;
import dev.polystack.shared.InvocationLine;
import dev.polystack.shared.lambda.OperatorFunction;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deep health check, Aurora included, with no HTTP route: only a caller with AWS credentials can
 * invoke it ({@code aws lambda invoke}, {@code local/invoke DeepHealth}), so an anonymous caller can
 * neither wake a paused cluster nor load it. {@code GET /health} is the public liveness check.
 */
public final class DeepHealthHandler extends OperatorFunction {
    private final HealthService health;

    public DeepHealthHandler() {
        this(AppContext.fromEnvironment().deepHealth());
    }

    public DeepHealthHandler(HealthService health) {
        this.health = health;
    }

    /** The check only reads: under SnapStart it runs once before the snapshot. */
    @Override
    protected boolean processesPrimingEvent() {
        return true;
    }

    /** Any JSON object in ({@code events/deep-health.json}; nothing in it changes the check), the report out. */
    @Override
    protected Map<String, Object> run(Map<String, Object> request, InvocationLine line) {
        HealthService.Report report = health.check();
        Map<String, Object> stores = new LinkedHashMap<>();
        report.stores().forEach((name, store) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("status", store.status());
            one.put("latencyMs", store.latencyMs());
            if (store.error() != null) {
                one.put("error", store.error());
            }
            stores.put(name, one);
        });
        String status = report.healthy() ? "ok" : "degraded";
        line.with("status", status);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", status);
        answer.put("stores", stores);
        return answer;
    }
}
