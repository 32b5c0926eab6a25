package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code local/start --snapstart}: a function is published as SnapStart publishes a version (its init and
 * its {@code beforeCheckpoint} priming run before the stack says it is ready), and a request's function runs
 * its {@code afterRestore} hook before the request itself, which it sees as restored. {@code --publish
 * Health} publishes only Health before the ready line (which functions {@code --snapstart} alone publishes
 * is {@code MainTest}'s); ListProducts, not named, is published when its first request comes, and that
 * request too runs restored. Each function's own priming is {@code SnapStartPrimingIT}'s. The schedules stay off
 * ({@code --no-schedules}): their timers would publish and start two more functions (that they fire is
 * {@code LocalStartIT}'s).
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Lanes.OWN_STACKS)
class SnapStartFlagIT {

    @Test
    void primingRunsBeforeTheReadyLineAndAfterRestoreBeforeTheFirstRequest() throws Exception {
        try (LocalStartIT.Running stack = new LocalStartIT.Running(
                null,
                HotReloadIT.SLOW_MACHINE,
                "--snapstart",
                "--publish",
                "Health",
                "--lambda-port",
                "0",
                "--concurrency",
                "2",
                "--no-schedules")) {
            List<String> atReady = stack.output();
            int ready = indexOf(atReady, line -> line.contains("polystack: ready at "))
                    .orElseThrow();
            int primed = indexOf(
                            atReady,
                            line -> line.startsWith("[Health] ") && line.contains("\"phase\":\"beforeCheckpoint\""))
                    .orElseThrow(() -> new AssertionError(
                            "Health's priming ran before the ready line: " + String.join("\n", atReady)));
            assertTrue(primed < ready);
            assertTrue(
                    atReady.stream()
                            .noneMatch(line ->
                                    line.startsWith("[Health] ") && line.contains("\"phase\":\"afterRestore\"")),
                    "no restore before a request");

            HttpResponse<String> health = stack.send("GET", "/health", null, null);
            assertEquals(200, health.statusCode(), health.body());
            String requestId = health.headers().firstValue("apigw-requestid").orElseThrow();
            JsonNode invocation = invocationLine(stack, "Health", requestId);
            assertTrue(
                    invocation.get("restored").asBoolean(),
                    "the first request runs in the restored environment: " + invocation);
            List<String> after = stack.output();
            int restored = indexOf(
                            after, line -> line.startsWith("[Health] ") && line.contains("\"phase\":\"afterRestore\""))
                    .orElseThrow(() -> new AssertionError("afterRestore ran: " + String.join("\n", after)));
            int request = indexOf(after, line -> line.startsWith("[Health] ") && line.contains(requestId))
                    .orElseThrow();
            assertTrue(restored < request, "afterRestore ran before the request's own line");
            assertTrue(
                    atReady.stream().noneMatch(line -> line.startsWith("[ListProducts] ")),
                    "only Health was published before the ready line: " + String.join("\n", atReady));

            HttpResponse<String> products = stack.send("GET", "/products", null, null);
            assertEquals(200, products.statusCode(), products.body());
            JsonNode listed = invocationLine(
                    stack,
                    "ListProducts",
                    products.headers().firstValue("apigw-requestid").orElseThrow());
            assertTrue(listed.get("restored").asBoolean(), "published at its first request: " + listed);
            List<String> afterList = stack.output();
            int listPrimed = indexOf(
                            afterList,
                            line -> line.startsWith("[ListProducts] ")
                                    && line.contains("\"phase\":\"beforeCheckpoint\""))
                    .orElseThrow(() -> new AssertionError(
                            "ListProducts primed before its first request: " + String.join("\n", afterList)));
            int listRestored = indexOf(
                            afterList,
                            line -> line.startsWith("[ListProducts] ") && line.contains("\"phase\":\"afterRestore\""))
                    .orElseThrow();
            assertTrue(listPrimed < listRestored, "beforeCheckpoint, then afterRestore");
            stack.interrupt();
        }
    }

    /** The function's JSON line for the gateway request {@code apiRequestId}; the output comes a moment after the answer. */
    static JsonNode invocationLine(LocalStartIT.Running stack, String function, String apiRequestId) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        do {
            for (String line : stack.output()) {
                int json = line.indexOf("{\"level\"");
                if (line.startsWith("[" + function + "] ") && json >= 0 && line.contains(apiRequestId)) {
                    return StackClient.JSON.readTree(line.substring(json));
                }
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(
                "no line of " + function + " for " + apiRequestId + " in:\n" + String.join("\n", stack.output()));
    }

    private static OptionalInt indexOf(List<String> lines, java.util.function.Predicate<String> test) {
        return IntStream.range(0, lines.size())
                .filter(i -> test.test(lines.get(i)))
                .findFirst();
    }
}
