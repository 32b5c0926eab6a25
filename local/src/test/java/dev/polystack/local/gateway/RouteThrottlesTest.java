package dev.polystack.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.app.FunctionSpec;
import dev.polystack.app.Functions;
import dev.polystack.app.Throttle;
import dev.polystack.local.lambda.SamTemplate;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RouteThrottlesTest {

    @Test
    void theTemplatesRouteThrottlesAreTheDefinitions() {
        Map<String, Throttle> defined = new TreeMap<>();
        for (FunctionSpec spec : Functions.ALL) {
            spec.throttle()
                    .ifPresent(t -> defined.put(spec.route().orElseThrow().routeKey(), t));
        }
        assertEquals(defined, new TreeMap<>(RouteThrottles.read(SamTemplate.locate())));
        assertTrue(defined.containsKey("POST /orders"));
    }

    @Test
    void eachRouteIsATokenBucketOfItsOwnRefilledAtItsRate() {
        AtomicLong now = new AtomicLong();
        RouteThrottles throttles = new RouteThrottles(Map.of("POST /orders", new Throttle(2, 3)), now::get);
        assertTrue(throttles.admit("POST /orders"));
        assertTrue(throttles.admit("POST /orders"));
        assertTrue(throttles.admit("POST /orders"), "the burst");
        assertFalse(throttles.admit("POST /orders"), "empty");
        assertTrue(throttles.admit("GET /health"), "another route has a bucket of its own (here: none)");
        now.addAndGet(500_000_000L);
        assertTrue(throttles.admit("POST /orders"), "half a second at 2/s: one token");
        assertFalse(throttles.admit("POST /orders"));
        now.addAndGet(60_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertTrue(throttles.admit("POST /orders"), "refilled to the burst, no more");
        }
        assertFalse(throttles.admit("POST /orders"));
    }
}
