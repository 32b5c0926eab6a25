package dev.polystack.app;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The API's one CORS definition: the CDK stack's HTTP API, {@code template.yaml} and the local
 * gateway answer browsers with exactly this. Once CORS is configured on an HTTP API, API Gateway
 * answers preflights itself and ignores CORS headers returned by the functions.
 *
 * <p>Any origin by default: the API authenticates with a bearer token in {@code Authorization},
 * never with cookies, so an allowed origin gains nothing a script outside a browser could not do.
 * A deployment narrows it with {@link #withAllowOrigins} ({@code -c allowedOrigin=…}).
 */
public record CorsPolicy(
        List<String> allowOrigins,
        List<String> allowMethods,
        List<String> allowHeaders,
        List<String> exposeHeaders,
        int maxAgeSeconds) {

    /** The request headers a client sends: the bearer token, the JSON body, the order retry key. */
    static final List<String> REQUEST_HEADERS = List.of("authorization", "content-type", "idempotency-key");

    /** The response headers client code reads: 503's back-off, a replayed order, a 405's allowed methods, the catalogue's ETag (for If-None-Match). */
    static final List<String> RESPONSE_HEADERS = List.of("allow", "etag", "idempotent-replayed", "retry-after");

    public static final CorsPolicy DEFAULT =
            new CorsPolicy(List.of("*"), routeMethodsAndOptions(), REQUEST_HEADERS, RESPONSE_HEADERS, 3600);

    public CorsPolicy {
        allowOrigins = List.copyOf(allowOrigins);
        allowMethods = List.copyOf(allowMethods);
        allowHeaders = List.copyOf(allowHeaders);
        exposeHeaders = List.copyOf(exposeHeaders);
        if (allowOrigins.isEmpty()) {
            throw new IllegalArgumentException("CORS needs at least one allowed origin");
        }
    }

    public CorsPolicy withAllowOrigins(List<String> origins) {
        return new CorsPolicy(origins, allowMethods, allowHeaders, exposeHeaders, maxAgeSeconds);
    }

    /** Every method of {@link RouteTable} (the $default route's ANY is not one a browser sends) and OPTIONS, sorted. */
    private static List<String> routeMethodsAndOptions() {
        return Stream.concat(
                        RouteTable.ROUTES.stream()
                                .filter(route -> !route.isDefault())
                                .map(Route::method),
                        Stream.of("OPTIONS"))
                .collect(Collectors.toCollection(TreeSet::new))
                .stream()
                .toList();
    }
}
