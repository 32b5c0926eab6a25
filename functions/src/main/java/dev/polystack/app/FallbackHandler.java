package dev.polystack.app;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
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
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        String path =
                request.event().getRawPath() == null ? "/" : request.event().getRawPath();
        List<String> allowed = routes.stream()
                .filter(route -> !route.isDefault() && route.matchesPath(path))
                .map(Route::method)
                .distinct()
                .toList();
        if (allowed.isEmpty()) {
            return HttpResponses.error(404, "ROUTE_NOT_FOUND", "no route for " + request.method() + " " + path);
        }
        return HttpResponses.withHeader(
                "allow",
                String.join(", ", allowed),
                HttpResponses.error(405, "METHOD_NOT_ALLOWED", request.method() + " is not allowed on " + path));
    }
}
