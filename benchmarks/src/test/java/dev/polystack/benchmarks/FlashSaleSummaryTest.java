package dev.polystack.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.benchmarks.FlashSale.PhaseFigures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlashSaleSummaryTest {
    static PhaseFigures phase(String tier, String design, int clients, double ordersPerSecond, double cpu) {
        return new PhaseFigures(
                tier,
                design,
                clients,
                ordersPerSecond,
                ordersPerSecond * 2,
                300,
                new CpuUsage.Busy(cpu, cpu - 10),
                true);
    }

    /** One level: the gateway's two runs and the JDBC tier's two runs. */
    static List<PhaseFigures> level(int clients, double gatewayRatio, double gatewayCpu, double jdbcRatio) {
        return new ArrayList<>(List.of(
                phase(FlashSale.GATEWAY, "locking", clients, 100, gatewayCpu),
                phase(FlashSale.GATEWAY, "sharded", clients, 100 * gatewayRatio, gatewayCpu),
                phase("JDBC", "locking", clients, 150, 80),
                phase("JDBC", "sharded", clients, 150 * jdbcRatio, 80)));
    }

    static String text(List<PhaseFigures> phases) {
        return String.join("\n", FlashSale.summary(phases));
    }

    @Test
    void aSaturatedCpuAndALargerRatioAtTheDatabaseSayTheCpuLimitsTheRatioThroughTheStack() {
        String summary = text(level(32, 1.2, 97, 5.4));
        assertTrue(
                summary.contains(
                        "through the stack: sharded 120 vs locking 100 orders/s, **1.2×** (to 90 % sold 240 vs 200;"),
                summary);
        assertTrue(summary.contains("at the database, JDBC: sharded 810 vs locking 150 orders/s, **5.4×**"), summary);
        assertTrue(summary.contains("≥ 5× through the stack: **not met** (1.2×)"), summary);
        assertTrue(summary.contains("(both ≥ 90 %: CPU-bound)"), summary);
        assertTrue(summary.contains("the CPU the stack spends per order, not the row lock, limits the ratio"), summary);
    }

    @Test
    void aCpuWithIdleTimeLeftIsNotCalledTheLimit() {
        String summary = text(level(32, 1.2, 60, 5.4));
        assertTrue(summary.contains("not CPU-bound"), summary);
        assertFalse(summary.contains("not the row lock"), summary);
    }

    @Test
    void aSaturatedCpuWithNoMoreRatioAtTheDatabaseDoesNotBlameTheCpu() {
        String summary = text(level(128, 1.2, 99, 0.8));
        assertTrue(summary.contains("the database tier does not show a larger gain for the sharded design"), summary);
        assertFalse(summary.contains("not the row lock"), summary);
    }

    @Test
    void databaseTiersThatDisagreeGiveNoReading() {
        List<PhaseFigures> phases = level(32, 1.2, 97, 5.4);
        phases.add(phase("Data API", "locking", 32, 150, 90));
        phases.add(phase("Data API", "sharded", 32, 100, 90));
        String summary = text(phases);
        assertTrue(summary.contains("sharded over locking is 0.7× (Data API), 5.4× (JDBC)"), summary);
        assertTrue(summary.contains("the database tiers disagree"), summary);
        assertFalse(summary.contains("not the row lock"), summary);
    }

    @Test
    void theTargetIsJudgedAtEveryLevelAndTheP99OnlyAtThirtyTwoClients() {
        List<PhaseFigures> phases = level(32, 5.0, 95, 6);
        phases.addAll(level(128, 4.9, 95, 6));
        String summary = text(phases);
        assertTrue(summary.contains("at 32 clients, ≥ 5× through the stack: met (5.0×)"), summary);
        assertTrue(summary.contains("p99 300 ms is under the 1000 ms asked"), summary);
        assertTrue(summary.contains("at 128 clients, ≥ 5× through the stack: **not met** (4.9×)."), summary);
    }

    @Test
    void brokenInvariantsAreNamedAndHeldOnesCounted() {
        List<PhaseFigures> phases = level(32, 1, 95, 1);
        assertTrue(text(phases).contains("The invariants hold in all 4 phases."));
        phases.set(3, new PhaseFigures("JDBC", "sharded", 32, 150, 300, 300, new CpuUsage.Busy(80, 70), false));
        assertTrue(text(phases).contains("**BROKEN** in JDBC sharded at 32 clients."), text(phases));
    }

    @Test
    void databasePhasesWithTheCpuMostlyIdleAreListedAsWaiting() {
        List<PhaseFigures> phases = level(32, 1, 95, 1);
        phases.set(3, phase("JDBC", "sharded", 32, 40, 14));
        String summary = text(phases);
        assertTrue(summary.contains("waited more than they worked"), summary);
        assertTrue(summary.contains("sharded JDBC at 32 clients (CPU busy 14 %, p99 300 ms)"), summary);
        assertEquals(1, summary.lines().filter(line -> line.contains("waited")).count());
    }
}
