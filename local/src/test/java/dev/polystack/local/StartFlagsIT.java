package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.local.lambda.FunctionVariables;
import dev.polystack.local.lambda.LambdaRuntime;
import dev.polystack.local.lambda.SamTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The log line's start flags as Lambda's own runtime drives them: a function JVM through the Runtime
 * Interface Client, started on demand, or checkpointed after init and restored (SnapStart, where the
 * client waits on {@code /restore/next}). Its store calls and the gateway's request id are on the
 * same line.
 */
class StartFlagsIT {
    static final Path PROJECT = SamTemplate.locate().getParent();

    @ParameterizedTest(name = "snapStart {0}: coldStart {1}, restored {2}")
    @CsvSource({"false, true, false", "true, false, true"})
    void anEnvironmentsFirstInvocationIsColdOrRestoredAndTheNextIsWarm(
            boolean snapStart, boolean coldStart, boolean restored) throws Exception {
        FunctionVariables stack = SharedBackend.get().functionVariables();
        byte[] event = Files.readAllBytes(PROJECT.resolve("events").resolve("health.json"));
        List<String> output = new CopyOnWriteArrayList<>();
        JsonNode first;
        JsonNode second;
        try (LambdaRuntime runtime = new LambdaRuntime(
                SamTemplate.read(SamTemplate.locate()),
                new LambdaRuntime.Config(stack.stackValues(), stack.wiring(), 1, snapStart, output::add))) {
            assertTrue(!runtime.invoke("Health", event, "first").failed(), String.join("\n", output));
            assertTrue(!runtime.invoke("Health", event, "second").failed(), String.join("\n", output));
            first = lineOf("first", output);
            second = lineOf("second", output);
        }
        assertEquals(coldStart, first.get("coldStart").asBoolean(), first.toString());
        assertEquals(restored, first.get("restored").asBoolean(), first.toString());
        assertEquals(
                false,
                second.get("coldStart").asBoolean() || second.get("restored").asBoolean(),
                second.toString());

        String gatewayRequestId = StackClient.JSON
                .readTree(event)
                .get("requestContext")
                .get("requestId")
                .asText();
        assertEquals(gatewayRequestId, first.get("apiRequestId").asText(), first.toString());
        Set<String> services = new TreeSet<>();
        first.get("storeCalls").forEach(call -> services.add(call.get("service").asText()));
        assertEquals(
                Set.of("DynamoDb", "S3"),
                services,
                "each probe of the public health check (never Aurora), on the request's line: " + first);
    }

    /**
     * The function's JSON line for one invocation, among the process output the runtime prefixes with
     * "[Function] ". The process's output is read by another thread, so the line may come after the answer.
     */
    static JsonNode lineOf(String requestId, List<String> output) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            for (String line : output) {
                int json = line.indexOf("{\"level\"");
                if (json >= 0) {
                    JsonNode parsed = StackClient.JSON.readTree(line.substring(json));
                    if (requestId.equals(parsed.path("requestId").asText())) {
                        return parsed;
                    }
                }
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no log line for " + requestId + " in:\n" + String.join("\n", output));
    }
}
