package dev.polystack.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OrderPhaseTest {
    @Test
    void callersOrderUntilSoldOutRetryingWithTheSameKeyAndCountingErrorsByName() throws Exception {
        AtomicInteger stock = new AtomicInteger(50);
        AtomicInteger calls = new AtomicInteger();
        Set<String> retriedKeys = ConcurrentHashMap.newKeySet();
        Set<String> createdKeys = ConcurrentHashMap.newKeySet();
        Map<String, Integer> callsPerKey = new ConcurrentHashMap<>();
        OrderPhase.Result result = OrderPhase.run("test", 4, 50, Duration.ofSeconds(30), (client, key) -> {
            int call = calls.incrementAndGet();
            callsPerKey.merge(key, 1, Integer::sum);
            if (call % 7 == 0) {
                retriedKeys.add(key);
                throw new IllegalStateException("lost answer");
            }
            if (call % 5 == 0) {
                retriedKeys.add(key);
                return new OrderPhase.Answer("STOCK_BUSY", OrderPhase.Kind.RETRY);
            }
            if (stock.getAndUpdate(left -> Math.max(0, left - 1)) == 0) {
                return new OrderPhase.Answer("OUT_OF_STOCK", OrderPhase.Kind.SOLD_OUT);
            }
            assertTrue(createdKeys.add(key), "a key created two orders");
            return new OrderPhase.Answer("CREATED", OrderPhase.Kind.CREATED);
        });
        assertEquals(50, result.created());
        assertEquals(50, result.count("CREATED"));
        assertEquals(4, result.count("OUT_OF_STOCK"));
        assertTrue(
                result.count("error IllegalStateException") > 0,
                result.answers().toString());
        assertEquals(calls.get(), result.latencies().size());
        assertEquals(
                calls.get(),
                result.answers().values().stream().mapToInt(Integer::intValue).sum());
        // A key answered with a retry is sent again (and a created one never is).
        retriedKeys.forEach(key -> assertTrue(callsPerKey.get(key) >= 2, key));
        createdKeys.stream()
                .filter(key -> !retriedKeys.contains(key))
                .forEach(key -> assertEquals(1, callsPerKey.get(key), key));
        assertEquals(50, result.createdAt().size());
    }

    @Test
    void theDeadlineEndsAPhaseThatNeverSellsOut() throws Exception {
        long start = System.nanoTime();
        OrderPhase.Result result = OrderPhase.run(
                "test",
                2,
                10,
                Duration.ofMillis(300),
                (client, key) -> new OrderPhase.Answer("STOCK_BUSY", OrderPhase.Kind.RETRY));
        assertTrue((System.nanoTime() - start) / 1e9 < 5);
        assertEquals(0, result.created());
        assertTrue(Double.isNaN(result.ordersPerSecondToMostSold(10)));
    }

    @Test
    void theRateToNinetyPercentSoldLeavesTheEndOfTheSaleOut() {
        // 10 units: 9 sold by 0.9 s, the last at 5 s, the phase over at 6 s.
        List<Double> createdAt = List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 5.0);
        OrderPhase.Result result =
                new OrderPhase.Result(6, 10, Map.of("CREATED", 10), List.of(), new CpuUsage.Busy(0, 0), createdAt);
        assertEquals(10, result.ordersPerSecondToMostSold(10), 1e-9);
        assertEquals(10 / 6.0, result.ordersPerSecond(), 1e-9);
    }
}
