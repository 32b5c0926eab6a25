package dev.polystack.local.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.local.lambda.FunctionDefinition;
import dev.polystack.local.lambda.FunctionInvoker;
import dev.polystack.local.lambda.Invocation;
import dev.polystack.local.s3.ObjectCreated;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The local stack's event sources against a recording invoker: S3 notifications with Lambda's retries, and the schedules. */
class EventSourcesTest {
    /** Records every invocation; the first {@code failures} of them fail. */
    static final class Recorder implements FunctionInvoker {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile int failures;

        @Override
        public Invocation invoke(String function, byte[] event, String requestId) {
            calls.add(function);
            events.add(new String(event, StandardCharsets.UTF_8));
            Invocation.Report report = new Invocation.Report(1, 128, null, null);
            if (failures > 0) {
                failures--;
                return Invocation.failure(requestId, "Unhandled", "failed on purpose", report);
            }
            return Invocation.success(requestId, "{}".getBytes(StandardCharsets.UTF_8), report);
        }
    }

    /** Polls until {@code condition} holds (10 s at most); {@code what} describes the state when it does not. */
    static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    static ObjectCreated created(String key) {
        return new ObjectCreated("ObjectCreated:Put", "bucket", key, 3, "etag");
    }

    @Test
    void anObjectReachesOnlyTheFunctionsWhosePrefixMatchesWithS3sEvent() throws Exception {
        Recorder functions = new Recorder();
        try (S3EventBus bus = new S3EventBus("us-east-1", Duration.ofMillis(10))) {
            bus.subscribe("UploadCompleted", new FunctionDefinition.ObjectCreated("bucket", "uploads/"), functions);
            List<String> heard = new CopyOnWriteArrayList<>();
            bus.listen(created -> heard.add(created.key()));
            bus.announce(created("exports/u/e.json"));
            bus.announce(created("uploads/u/a.png"));
            await(() -> heard.size() == 2, () -> "every listener hears of every object: " + heard);
            assertEquals(List.of("UploadCompleted"), functions.calls, "the export's key matches no prefix");
            assertTrue(functions.events.get(0).contains("\"key\":\"uploads/u/a.png\""), functions.events.get(0));
            assertTrue(
                    functions.events.get(0).contains("\"eventName\":\"ObjectCreated:Put\""), functions.events.get(0));
        }
    }

    /** Lambda's asynchronous invocation: the first attempt and at most two retries, none after a success. */
    @ParameterizedTest(name = "{0} failures: {1} attempts")
    @CsvSource({"1, 2", "2, 3", "5, 3"})
    void aFailedDeliveryIsRetriedUpToTwiceThenGivenUp(int failures, int attempts) throws Exception {
        Recorder functions = new Recorder();
        functions.failures = failures;
        try (S3EventBus bus = new S3EventBus("us-east-1", Duration.ofMillis(10))) {
            bus.subscribe("UploadCompleted", new FunctionDefinition.ObjectCreated("bucket", ""), functions);
            bus.announce(created("uploads/u/a.png"));
            await(() -> functions.calls.size() == attempts, () -> attempts + " attempts: " + functions.calls);
            Thread.sleep(100); // five times the longest retry delay: no further attempt comes
            assertEquals(attempts, functions.calls.size());
        }
    }

    @Test
    void aScheduleFiresOnRequestWithEventBridgesScheduledEvent() {
        Recorder functions = new Recorder();
        try (Schedules schedules =
                Schedules.start("us-east-1", functions, List.of("OutboxRelay", "EraseAccounts"), null)) {
            assertFalse(schedules.fire("OutboxRelay").failed());
            assertEquals(List.of("OutboxRelay"), functions.calls, "no timer: only what was fired");
            assertTrue(
                    functions.events.get(0).contains("\"detail-type\":\"Scheduled Event\"")
                            && functions.events.get(0).contains("\"source\":\"aws.events\"")
                            && functions.events.get(0).contains("rule/OutboxRelay"),
                    functions.events.get(0));
            schedules.fireAll();
            assertEquals(List.of("OutboxRelay", "OutboxRelay", "EraseAccounts"), functions.calls);
            assertThrows(
                    IllegalArgumentException.class, () -> schedules.fire("PlaceOrder"), "PlaceOrder has no schedule");
        }
    }

    @Test
    void withAPeriodEachScheduleAlsoFiresOnItsOwn() throws Exception {
        Recorder functions = new Recorder();
        try (Schedules schedules = Schedules.start(
                "us-east-1", functions, List.of("OutboxRelay", "EraseAccounts"), Duration.ofMillis(20))) {
            await(
                    () -> functions.calls.stream().filter("OutboxRelay"::equals).count() >= 2
                            && functions.calls.stream()
                                            .filter("EraseAccounts"::equals)
                                            .count()
                                    >= 2,
                    () -> "each timer fired twice: " + functions.calls);
        }
        int afterClose = functions.calls.size();
        Thread.sleep(100);
        assertTrue(
                functions.calls.size() <= afterClose + 2,
                "closing stops the timers: " + functions.calls.size() + " after " + afterClose);
    }
}
