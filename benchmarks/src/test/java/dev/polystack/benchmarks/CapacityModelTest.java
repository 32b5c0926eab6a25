package dev.polystack.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.benchmarks.CapacityModel.Cost;
import dev.polystack.benchmarks.CapacityModel.Design;
import dev.polystack.benchmarks.CapacityModel.Limit;
import dev.polystack.benchmarks.CapacityModel.Measured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapacityModelTest {
    /** 2 statements an order, 1 a read, 1 in 10 reads through the edge reaches the Data API; 100 ms order, 20 ms read, 500 ms login. */
    static final Measured MEASURED = new Measured("cmd", "now", 32, 2, 1, 0.1, 0.1, 0.02, 0.5, 400, 100);

    @TempDir
    Path folder;

    @Test
    void aLimitIsHitWhenTheLoadReachesItsCapacityOverItsDemand() {
        assertEquals(250, new Limit("x", "s", 1000, 4).hitAt(), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, new Limit("x", "s", 1000, 0).hitAt());
    }

    @Test
    void bottlenecksComeInTheOrderTheyAreHitAndNeverHitOnesAreLeftOut() {
        List<Limit> order = CapacityModel.bottlenecks(List.of(
                new Limit("late", "s", 1000, 1), new Limit("never", "s", 1, 0), new Limit("first", "s", 10, 1)));
        assertEquals(List.of("first", "late"), order.stream().map(Limit::name).toList());
    }

    @Test
    void theEdgeTakesBrowsingOffTheGatewayInProportionToWhatStillReachesTheDataApi() {
        // Per user: one sign-up or login, 4 reads, one order; after issue 22 only 4 × 0.1 of the reads reach the
        // gateway.
        assertEquals(
                6,
                limit(CapacityModel.crowdLimits(Design.before(), MEASURED), "API Gateway account quota")
                        .demandPerUnit(),
                1e-9);
        assertEquals(
                2.4,
                limit(CapacityModel.crowdLimits(Design.now(), MEASURED), "API Gateway account quota")
                        .demandPerUnit(),
                1e-9);
    }

    @Test
    void loginConcurrencyIsLoginsTimesTheirDurationAgainstTheReservation() {
        Limit login = limit(CapacityModel.crowdLimits(Design.now(), MEASURED), "Login reserved concurrency");
        assertEquals(150, login.capacity(), 1e-9);
        assertEquals(0.7 * 0.5, login.demandPerUnit(), 1e-9);
        assertEquals(150 / 0.35, login.hitAt(), 1e-9);
    }

    @Test
    void withoutReservationsEveryFunctionSharesTheAccountsThousand() {
        Limit pool = limit(CapacityModel.crowdLimits(Design.before(), MEASURED), "Lambda account concurrency");
        assertEquals(1000, pool.capacity(), 1e-9);
        // login 0.7 × 0.5 + sign-up 0.3 × 0.5 + 4 reads × 0.02 + order 0.1 + its authorizer 0.1
        assertEquals(0.35 + 0.15 + 0.08 + 0.1 + 0.1, pool.demandPerUnit(), 1e-9);
        Limit unreserved = limit(CapacityModel.crowdLimits(Design.now(), MEASURED), "Lambda unreserved pool");
        assertEquals(1000 - 532, unreserved.capacity(), 1e-9);
        assertEquals(0.15, unreserved.demandPerUnit(), 1e-9, "only SignUp is unreserved among these");
    }

    @Test
    void auroraCountsOrdersAndTheReadsThatReachIt() {
        Limit before = limit(CapacityModel.crowdLimits(Design.before(), MEASURED), "Aurora writer");
        assertEquals(4 * 115, before.capacity(), 1e-9);
        assertEquals(2 + 4 * 1, before.demandPerUnit(), 1e-9);
        assertEquals(
                2 + 4 * 0.1,
                limit(CapacityModel.crowdLimits(Design.now(), MEASURED), "Aurora writer")
                        .demandPerUnit(),
                1e-9);
    }

    @Test
    void theHotProductIsTheMeasuredOrdersPerSecondOfEachDesign() {
        assertEquals(
                100,
                limit(CapacityModel.crowdLimits(Design.before(), MEASURED), "One hot product")
                        .capacity());
        assertEquals(
                400,
                limit(CapacityModel.crowdLimits(Design.now(), MEASURED), "One hot product")
                        .capacity());
    }

    @Test
    void aMonthOfOneReadPerSecondCostsWhatEachServiceChargesForIt() {
        double seconds = 730 * 3600;
        List<Cost> before = CapacityModel.catalogueCosts(Design.before(), MEASURED);
        assertEquals(seconds * 1.00 / 1e6, cost(before, "API Gateway requests"), 1e-9);
        assertEquals(seconds * (0.20 / 1e6 + 0.5 * 0.02 * 0.0000133334), cost(before, "Lambda requests + GB-s"), 1e-9);
        assertEquals(seconds * 0.35 / 1e6, cost(before, "Data API requests"), 1e-9);
        assertEquals(1 / 115.0 * 730 * 0.12, cost(before, "Aurora ACU-hours"), 1e-9);
        List<Cost> after = CapacityModel.catalogueCosts(Design.now(), MEASURED);
        assertEquals(seconds * 1.00 / 1e6, cost(after, "CloudFront requests"), 1e-9);
        assertEquals(0.1 * seconds * 1.00 / 1e6, cost(after, "API Gateway requests"), 1e-9);
    }

    @Test
    void oneUserPaysForTwoArgon2SecondsAtItsMemoryAndTheRestAtTheDefault() {
        // login 0.5 s × 1 GB; 4 reads × 0.02 s + order and authorizer 2 × 0.1 s, at 0.5 GB; 7 invocations (login, 4
        // reads, order, authorizer).
        double gbSeconds = 0.5 * 1 + 0.5 * (4 * 0.02 + 2 * 0.1);
        assertEquals(
                7 * 0.20 / 1e6 + gbSeconds * 0.0000133334,
                cost(CapacityModel.crowdCostPerUser(Design.before(), MEASURED), "Lambda requests + GB-s"),
                1e-12);
    }

    @ParameterizedTest
    @CsvSource({"1, 0", "10, 50", "100, 100"})
    void theChartsAxisIsLogarithmic(double value, double x) {
        assertEquals(x, CapacityModel.scale(value, 1, 100, 0, 100), 1e-9);
    }

    @Test
    void theFiguresComeFromTheLowestShardedLevelAndTheLockingRunBesideIt() throws IOException {
        Path file = folder.resolve("flash-sale.json");
        Files.writeString(file, """
                {"command":"c","finished":"f","runs":[
                 %s, %s, %s]}
                """.formatted(run("locking", 8, 30), run("sharded", 8, 50), run("sharded", 32, 70)));
        Measured m = Measured.read(file);
        assertEquals(8, m.clients());
        assertEquals(50, m.hotProductOrdersPerSecondSharded(), 1e-9);
        assertEquals(30, m.hotProductOrdersPerSecondLocking(), 1e-9);
        assertEquals(0.25, m.orderSeconds(), 1e-9);
    }

    @Test
    void figuresWithoutALockingRunAtTheSameLevelAreRefused() throws IOException {
        Path file = folder.resolve("flash-sale.json");
        Files.writeString(file, "{\"runs\":[" + run("sharded", 8, 50) + "]}");
        assertThrows(IllegalArgumentException.class, () -> Measured.read(file));
    }

    @Test
    void theDocumentNamesTheFirstBottleneckOfEachDesign() {
        String md = CapacityModel.markdown(MEASURED);
        for (Design design : List.of(Design.before(), Design.now())) {
            String first = CapacityModel.bottlenecks(CapacityModel.crowdLimits(design, MEASURED))
                    .get(0)
                    .name();
            assertTrue(md.contains("- **" + design.name() + "** (a): " + first), first);
        }
    }

    @Test
    void theChartMarksRedExactlyTheLimitsHitBelowTheCrowdsArrivalRate() {
        String svg = CapacityModel.svg(MEASURED);
        long red = 0;
        for (Design design : List.of(Design.before(), Design.now())) {
            red += CapacityModel.bottlenecks(CapacityModel.crowdLimits(design, MEASURED)).stream()
                    .limit(8)
                    .filter(l -> l.hitAt() < 50_000 / 60.0)
                    .count();
        }
        assertTrue(red > 0, "the example crowd meets some limit");
        assertEquals(red, svg.split("fill=\"#d9534f\"", -1).length - 1);
    }

    private static String run(String design, int clients, double ordersPerSecond) {
        return """
                {"design":"%s","clients":%d,"ordersPerSecond":%s,"orderP50Ms":250,"dataApiCallsPerOrder":2,
                 "dataApiCallsPerBrowse":1,"dataApiCallsPerEdgeBrowse":0.1,"browseP50Ms":20,"loginP50Ms":500}
                """.formatted(design, clients, ordersPerSecond);
    }

    private static Limit limit(List<Limit> limits, String prefix) {
        return limits.stream()
                .filter(l -> l.name().startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no limit " + prefix + " in " + limits));
    }

    private static double cost(List<Cost> costs, String service) {
        return costs.stream()
                .filter(c -> c.service().equals(service))
                .mapToDouble(Cost::dollarsPerUnitMonth)
                .findFirst()
                .orElseThrow();
    }
}
