package dev.polystack.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.polystack.benchmarks.ColdStartSplit.Group;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColdStartSplitTest {
    /** The process started at 990 ms on the benchmark's clock; its JVM's clock at 995 ms. */
    private static final long PROCESS_START = 990_000_000L;

    private static final long JVM_START = 995_000_000L;

    /** A line as {@code -Xlog:class+load:file=…:timenanos,uptimenanos,tags} writes it, at {@code millis} on the benchmark's clock. */
    private static String line(double millis, String className) {
        long nanos = Math.round(millis * 1e6);
        return "[" + nanos + "ns][" + (nanos - JVM_START) + "ns][class,load] " + className
                + " source: file:/var/task/lib/functions.jar";
    }

    /** Init 990–1070 ms, the first invocation 1070–1100 ms. */
    private static final List<String> LOG = List.of(
            line(1000, "java.lang.Object"),
            line(1004, "java.lang.String"),
            line(1010, "com.amazonaws.services.lambda.runtime.api.client.AWSLambda"),
            "[1.020s][info][gc] Using Serial",
            line(1030, "com.fasterxml.jackson.databind.ObjectMapper"),
            line(1050, "software.amazon.awssdk.core.SdkClient"),
            line(1051, "software.amazon.awssdk.services.dynamodb.DynamoDbClient"),
            line(1060, "dev.polystack.user.handler.GetMeHandler$$Lambda$12/0x00007f7ee10ee388"),
            line(1080, "software.amazon.awssdk.enhanced.dynamodb.Key"),
            line(1090, "org.slf4j.LoggerFactory"),
            line(1200, "java.lang.Shutdown"));

    @Test
    void eachGapBetweenLoadsIsChargedToTheClassLoadedAtItsEnd() {
        ColdStartSplit.Split split = ColdStartSplit.split(ColdStartSplit.parse(LOG), PROCESS_START, 80, 30);

        ColdStartSplit.Phase init = split.init();
        assertEquals(80, init.millis(), 1e-9);
        assertMillis(
                Map.of(
                        Group.JVM_START, 10.0,
                        Group.JDK, 4.0,
                        Group.RUNTIME_CLIENT, 6.0,
                        Group.JACKSON, 20.0,
                        Group.SDK_CORE, 20.0,
                        Group.SDK_SERVICES, 1.0,
                        Group.POLYSTACK, 9.0,
                        Group.AFTER_LAST_LOAD, 10.0),
                init);
        assertEquals(2, init.groupClasses().get(Group.JDK));
        assertEquals(1, init.groupClasses().get(Group.POLYSTACK));
        assertEquals(0, init.groupClasses().get(Group.SDK_ENHANCED));
        assertEquals(70, init.attributedMillis(), 1e-9);

        ColdStartSplit.Phase first = split.first();
        assertMillis(Map.of(Group.SDK_ENHANCED, 10.0, Group.OTHER, 10.0, Group.AFTER_LAST_LOAD, 10.0), first);
        assertEquals(1, first.groupClasses().get(Group.OTHER));
        assertEquals(0, first.groupClasses().get(Group.JDK), "the load after the first response is in neither phase");
    }

    private static void assertMillis(Map<Group, Double> expected, ColdStartSplit.Phase phase) {
        for (Group g : Group.values()) {
            assertEquals(expected.getOrDefault(g, 0.0), phase.groupMillis().get(g), 1e-9, g.label);
        }
        double sum = phase.groupMillis().values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
        assertEquals(phase.millis(), sum, 1e-9, "the groups add up to the phase");
    }

    @ParameterizedTest
    @CsvSource({
        "java.lang.invoke.LambdaForm$MH/0x00007f7ee1001000, JDK",
        "sun.net.www.http.KeepAliveEntry, JDK",
        "jdk.internal.misc.Unsafe, JDK",
        "com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent, RUNTIME_CLIENT",
        "com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.ObjectMapper, RUNTIME_CLIENT",
        "com.fasterxml.jackson.core.JsonFactory, JACKSON",
        "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient, SDK_CORE",
        "software.amazon.awssdk.regions.Region, SDK_CORE",
        "software.amazon.awssdk.services.rdsdata.RdsDataClient, SDK_SERVICES",
        "software.amazon.awssdk.enhanced.dynamodb.TableSchema, SDK_ENHANCED",
        "dev.polystack.shared.lambda.Start, POLYSTACK",
        "org.postgresql.Driver, OTHER"
    })
    void aClassBelongsToTheGroupOfItsName(String className, Group group) {
        assertEquals(group, ColdStartSplit.group(className));
    }

    @Test
    void aLineWithoutBothClocksIsNotALoad() {
        assertNull(ColdStartSplit.parse("[0.066s][info][class,load] dev.polystack.X source: file:/tmp/functions.jar"));
        ColdStartSplit.Load load = ColdStartSplit.parse(
                "[49613947096910ns][12482346ns][class,load] java.lang.Object source: shared objects file");
        assertEquals(new ColdStartSplit.Load(49613947096910L, 12482346L, "java.lang.Object"), load);
        assertEquals(49613934614564L, load.jvmStartNanos());
    }

    @Test
    void theRunsSplitIsDroppedWhenItsJvmClockStartedBeforeTheProcessWasPlacedToStart() {
        // Answered at 1100 ms after 80 + 30 ms: the process started at 990 ms, its JVM's clock at 995 ms.
        assertNotNull(ColdStarts.split(LOG, 985_000_000L, 1_100_000_000L, 80, 30));
        // The same log read as if init had taken 60 ms: the process would have started at 1010 ms, after its JVM did.
        assertNull(ColdStarts.split(LOG, 985_000_000L, 1_100_000_000L, 60, 30));
        // Init reaching back before the benchmark called invoke.
        assertNull(ColdStarts.split(LOG, 1_000_000_000L, 1_100_000_000L, 80, 30));
    }

    @Test
    void theFirstInvocationStartsWhereTheRuntimeClientLoadedItsContextNotWhereTheHandOffsPlacedIt() {
        List<String> log = new java.util.ArrayList<>(LOG);
        log.add(8, line(1065, ColdStarts.FIRST_INVOCATION_MARK));
        // Answered 10 ms late: placed back from it, the first invocation would start at 1080 ms.
        ColdStartSplit.Split split = ColdStarts.split(log, 985_000_000L, 1_110_000_000L, 75, 30);

        assertNotNull(split, "placed from the answer, init would start 10 ms after the JVM's clock did");
        assertEquals(1, split.first().groupClasses().get(Group.RUNTIME_CLIENT));
        assertEquals(1, split.first().groupClasses().get(Group.SDK_ENHANCED), "the load at 1080 ms is the first's");
        assertEquals(1, split.init().groupClasses().get(Group.POLYSTACK));
        assertEquals(10, split.init().groupMillis().get(Group.JVM_START), 1e-3, "init placed back from 1065 ms");
        assertEquals(5, split.init().groupMillis().get(Group.AFTER_LAST_LOAD), 1e-3);
    }

    @Test
    void perGroupTheMedianOverTheRunsIsTaken() {
        List<ColdStartSplit.Phase> runs = List.of(
                ColdStartSplit.phase(ColdStartSplit.parse(LOG), PROCESS_START, 1_070_000_000L, true),
                ColdStartSplit.phase(ColdStartSplit.parse(LOG.subList(0, 5)), PROCESS_START, 1_070_000_000L, true),
                ColdStartSplit.phase(ColdStartSplit.parse(LOG), PROCESS_START, 1_070_000_000L, true));
        ColdStartSplit.Phase median = ColdStartSplit.median(runs);
        assertEquals(20, median.groupMillis().get(Group.SDK_CORE), 1e-9);
        assertEquals(10, median.groupMillis().get(Group.AFTER_LAST_LOAD), 1e-9);
        assertEquals(1, median.groupClasses().get(Group.SDK_SERVICES));
        assertNull(ColdStartSplit.median(List.of()));
    }
}
