package dev.polystack.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.app.Throttle;
import dev.polystack.local.StartupException;
import dev.polystack.local.lambda.SamTemplate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The HTTP API's per-route throttles ({@code RouteSettings} of the template's {@code AWS::Serverless::HttpApi}),
 * each a token bucket of its own as API Gateway keeps one per route: refilled at the route's rate, holding at most
 * its burst; a request that finds its route's bucket empty is answered 429 before the authorizer or the function
 * runs (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html).
 *
 * <p>The stage's {@code DefaultRouteSettings} (25 requests/s per route in dev) are not applied here: the test
 * suites and the benchmarks send bursts from one machine that a deployed stage would see from many clients; the
 * routes the definition throttles on their own are.
 */
public final class RouteThrottles {

    private final Map<String, Bucket> buckets = new LinkedHashMap<>();

    public RouteThrottles(Map<String, Throttle> byRouteKey, LongSupplier nanoTime) {
        byRouteKey.forEach((routeKey, throttle) -> buckets.put(routeKey, new Bucket(throttle, nanoTime)));
    }

    /** The throttles of the template's HTTP API, keyed by route key ({@code POST /orders}). */
    public static Map<String, Throttle> read(Path template) {
        JsonNode root;
        try {
            root = SamTemplate.tree(template);
        } catch (IOException e) {
            throw new StartupException("cannot read " + template + ": " + e.getMessage(), e);
        }
        Map<String, Throttle> throttles = new LinkedHashMap<>();
        root.path("Resources").forEach(resource -> {
            if ("AWS::Serverless::HttpApi".equals(resource.path("Type").asText())) {
                resource.path("Properties").path("RouteSettings").fields().forEachRemaining(route -> {
                    JsonNode rate = route.getValue().path("ThrottlingRateLimit");
                    JsonNode burst = route.getValue().path("ThrottlingBurstLimit");
                    if (!rate.isNumber() || !burst.isNumber()) {
                        throw new StartupException(template.getFileName() + ": the RouteSettings of " + route.getKey()
                                + " need a numeric ThrottlingRateLimit and ThrottlingBurstLimit");
                    }
                    throttles.put(route.getKey(), new Throttle(rate.asDouble(), burst.asInt()));
                });
            }
        });
        return throttles;
    }

    /** Takes a token from the route's bucket: false when it is empty (throttled); true for a route with no throttle. */
    public boolean admit(String routeKey) {
        return Optional.ofNullable(buckets.get(routeKey)).map(Bucket::tryTake).orElse(true);
    }

    private static final class Bucket {
        private final double ratePerNano;
        private final double capacity;
        private final LongSupplier nanoTime;
        private double tokens;
        private long refilledAt;

        Bucket(Throttle throttle, LongSupplier nanoTime) {
            this.ratePerNano = throttle.ratePerSecond() / 1e9;
            this.capacity = throttle.burst();
            this.nanoTime = nanoTime;
            this.tokens = capacity;
            this.refilledAt = nanoTime.getAsLong();
        }

        synchronized boolean tryTake() {
            long now = nanoTime.getAsLong();
            tokens = Math.min(capacity, tokens + (now - refilledAt) * ratePerNano);
            refilledAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
