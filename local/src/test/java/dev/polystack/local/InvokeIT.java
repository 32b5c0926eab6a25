package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.app.Route;
import dev.polystack.local.lambda.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code local/invoke} runs every sample event of events/ against its function, each in a fresh process. */
class InvokeIT {
    static final Path PROJECT = SamTemplate.locate().getParent();
    /** The trigger functions' events; HTTP events name their route in {@code routeKey}. */
    static final Map<String, String> TRIGGER_EVENTS = Map.of(
            "authorizer.json", "Authorizer",
            "deep-health.json", "DeepHealth",
            "grant-role.json", "GrantRole",
            "migrate.json", "Migrate",
            "outbox-relay.json", "OutboxRelay",
            "s3-object-created.json", "UploadCompleted");
    static Path stackFile;

    @BeforeAll
    static void describeTheSharedStack() {
        stackFile = Path.of("target", "invoke-it-stack.json").toAbsolutePath();
        SharedBackend.get().functionVariables().write(stackFile);
    }

    static Stream<Path> events() throws Exception {
        try (Stream<Path> files = Files.list(PROJECT.resolve("events"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    static String functionFor(Path event) throws Exception {
        String trigger = TRIGGER_EVENTS.get(event.getFileName().toString());
        if (trigger != null) {
            return trigger;
        }
        String routeKey = StackClient.JSON.readTree(event.toFile()).path("routeKey").asText();
        return SharedBackend.get().routes().stream().filter(route -> route.routeKey().equals(routeKey)).map(Route::function).findFirst()
                .orElseThrow(() -> new AssertionError(event + " names no route of template.yaml: " + routeKey));
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
