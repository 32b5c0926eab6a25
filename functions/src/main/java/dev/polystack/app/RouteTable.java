package dev.polystack.app;

import java.util.List;

/**
 * Every route of the HTTP API: the functions of {@link Functions#ALL} triggered by a route, in
 * definition order. The local gateway serves exactly these, the CDK stack and {@code template.yaml} route them.
 */
public final class RouteTable {
    public static final List<Route> ROUTES = Functions.routes();

    private RouteTable() {}
}
