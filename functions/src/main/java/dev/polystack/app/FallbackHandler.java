package dev.polystack.app;

import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponse;
import java.util.List;

/**
 * The {@code $default} route: what API Gateway sends when no route matches. Answers 405 with an
 * {@code Allow} header when the path exists under another method, 404 otherwise, in the API's error shape.
 */
public final class FallbackHandler extends HttpFunction {
    private final List<Route> routes;

    public FallbackHandler() {
        this(RouteTable.ROUTES);
    }

    public FallbackHandler(List<Route> routes) {
        this.routes = routes;
    }

    @Override
    protected HttpResponse handle(ApiRequest request) {
        String path = request.event().rawPath() == null ? "/" : request.event().rawPath();
        List<String> allowed = routes.stream()
                .filter(route -> !route.isDefault() && route.matchesPath(path))
                .map(Route::method)
                .distinct()
                .toList();
        if (allowed.isEmpty()) {
            return HttpResponse.error(404, "ROUTE_NOT_FOUND", "no route for " + request.method() + " " + path);
        }
        return HttpResponse.error(405, "METHOD_NOT_ALLOWED", request.method() + " is not allowed on " + path)
                .withHeader("allow", String.join(", ", allowed));
    }
}
