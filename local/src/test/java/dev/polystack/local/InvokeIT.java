package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.local.invoke.LocalLambda;
import dev.polystack.local.lambda.FunctionVariables;
import dev.polystack.local.lambda.SampleEvents;
import dev.polystack.local.lambda.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code local/invoke}, a client of the running stack's Lambda Invoke API, runs every sample event of
 * events/ against its function, each in a fresh environment (the warm ones are retired after each).
 */
class InvokeIT {
    static final Path PROJECT = SamTemplate.locate().getParent();
    static Path stackFile;
    static LocalLambda lambda;

    /** What local/start leaves for local/invoke: here the functions as processes behind an Invoke API of their own. */
    @BeforeAll
    static void describeTheStack() {
        lambda = new LocalLambda(Map.of(), 2, Duration.ofSeconds(1));
        stackFile = Path.of("target", "invoke-it-stack.json").toAbsolutePath();
        FunctionVariables shared = SharedBackend.get().functionVariables();
        Map<String, String> wiring = new HashMap<>(shared.wiring());
        wiring.put("AWS_ENDPOINT_URL_LAMBDA", lambda.endpoint().toString());
        new FunctionVariables(shared.stackValues(), wiring).write(stackFile);
    }

    @AfterEach
    void retireTheWarmEnvironments() {
        lambda.runtime.retire();
    }

    @AfterAll
    static void stop() {
        lambda.close();
    }

    static Stream<Path> events() {
        return SampleEvents.in(PROJECT.resolve("events")).stream();
    }

    static String functionFor(Path event) {
        return SampleEvents.functionFor(SharedBackend.get().template(), event)
                .orElseThrow(() -> new AssertionError(event + " names no route or trigger of template.yaml"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void everySampleEventRunsAgainstItsFunction(Path event) throws Exception {
        String function = functionFor(event);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Invoke.run(new String[] {function, "-e", event.toString(), "--stack", stackFile.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String response = out.toString(StandardCharsets.UTF_8);
        String logs = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, function + " answered without a function error: " + response + "\n" + logs);
        assertTrue(logs.contains("REPORT RequestId: ") && logs.contains("Init Duration: "), "a cold start's REPORT line: " + logs);
        JsonNode answer = StackClient.JSON.readTree(response);
        if (answer.has("statusCode")) {
            assertTrue(answer.get("statusCode").asInt() < 500, function + ": " + response);
        }
    }

    @Test
    void theScriptPrintsTheResponseAndTheReportLine() throws Exception {
        Process process = new ProcessBuilder(PROJECT.resolve("local").resolve("invoke").toString(), "ListProducts",
                "-e", PROJECT.resolve("events").resolve("list-products.json").toString(), "--stack", stackFile.toString()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), new String(err, StandardCharsets.UTF_8));
        JsonNode response = StackClient.JSON.readTree(out);
        assertEquals(200, response.get("statusCode").asInt(), out);
        assertTrue(StackClient.JSON.readTree(response.get("body").asText()).get("items").size() > 0, "the seeded catalogue: " + out);
        assertTrue(new String(err, StandardCharsets.UTF_8).contains("[ListProducts] REPORT RequestId: "));
    }

    @Test
    void anUnknownFunctionIsAUsageErrorListingTheFunctions() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Invoke.run(new String[] {"NoSuch", "-e", PROJECT.resolve("events").resolve("health.json").toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("PlaceOrder"), err.toString(StandardCharsets.UTF_8));
    }
}
