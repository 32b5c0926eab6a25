package dev.polystack.app;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.health.handler.HealthHandler;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class FunctionsConcurrencyTest {

    @Test
    void allReservationsTogetherLeaveLambdasUnreservedMinimum() {
        int reserved = Functions.ALL.stream()
                .mapToInt(spec -> spec.reservedConcurrency().orElse(0))
                .sum();
        assertTrue(
                reserved <= Functions.RESERVABLE_CONCURRENCY,
                reserved + " reserved: a deploy to an account of 1,000 would fail below 100 unreserved");
    }

    @Test
    void theHotRoutesEachHaveAThrottleOfTheirOwn() {
        for (String name : new String[] {"Login", "ListProducts", "GetProduct", "PlaceOrder"}) {
            assertTrue(Functions.named(name).throttle().isPresent(), name);
        }
    }

    @Test
    void onlyARouteCanBeThrottledAndNoReservationStopsAFunction() {
        FunctionSpec authorizer = Functions.named(Functions.AUTHORIZER);
        assertThrows(IllegalArgumentException.class, () -> authorizer.throttle(10, 10));
        assertThrows(IllegalArgumentException.class, () -> authorizer.reservedConcurrency(0));
        FunctionSpec health = FunctionSpec.of(
                "Probe",
                HealthHandler.class,
                new Trigger.Api("GET", "/probe", false),
                "health.json",
                EnumSet.noneOf(Access.class),
                app -> new HealthHandler(app.health()));
        assertThrows(IllegalArgumentException.class, () -> health.throttle(0, 10));
    }
}
