package dev.polystack.health.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.health.HealthService;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /health}: each store ok or failing; 503 when any is failing. */
public final class HealthHandler extends HttpFunction {
    private final HealthService health;

    public HealthHandler() {
        this(AppContext.fromEnvironment().health());
    }

    public HealthHandler(HealthService health) {
        this.health = health;
    }

    record Response(String status, Map<String, Store> stores) {}

    record Store(String status, long latencyMs, String error) {}

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        HealthService.Report report = health.check();
        Map<String, Store> stores = new LinkedHashMap<>();
        report.stores()
                .forEach(
                        (name, store) -> stores.put(name, new Store(store.status(), store.latencyMs(), store.error())));
        return report.healthy()
                ? HttpResponses.json(200, new Response("ok", stores))
                : HttpResponses.json(503, new Response("degraded", stores));
    }
}
