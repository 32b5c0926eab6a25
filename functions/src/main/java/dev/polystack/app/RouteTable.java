package dev.polystack.app;

import dev.polystack.catalog.handler.ListProductsHandler;
import dev.polystack.health.handler.HealthHandler;
import java.util.List;

/**
 * Every route of the HTTP API, in one place. The local gateway serves exactly these; the CDK stack
 * and {@code template.yaml} are checked against them.
 */
public final class RouteTable {
    public static final List<Route> ROUTES = List.of(
            new Route("GET", "/health", "Health", HealthHandler.class, false),
            new Route("GET", "/products", "ListProducts", ListProductsHandler.class, false),
            new Route("ANY", Route.DEFAULT_PATH, "Fallback", FallbackHandler.class, false));

    private RouteTable() {
    }
}
