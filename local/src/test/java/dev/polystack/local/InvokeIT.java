package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.local.lambda.SamTemplate;
import dev.polystack.local.lambda.SampleEvents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code local/invoke}, a client of the running stack's Lambda Invoke API, runs every sample event of
 * events/ against its function: here against the shared process stack's Invoke API (each function's
 * environment started once and kept warm across suites, as Lambda keeps it), in this JVM and once through
 * the script itself. A cold start's REPORT line with its {@code Init Duration} is checked by {@code HotReloadIT}.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Lanes.PROCESS_STACKS)
class InvokeIT {
    static final Path PROJECT = SamTemplate.locate().getParent();
    static Path stackFile;

    @BeforeAll
    static void describeTheSharedStack() {
        stackFile = Path.of("target", "invoke-it-stack.json").toAbsolutePath();
        // What local/start leaves for local/invoke: the stack's wiring, its Lambda Invoke API among it.
        SharedProcessStack.get().backend.functionVariables().write(stackFile);
    }

    /**
     * Every sample event but Recover's: a recovery on the shared stack would delete every object without a record
     * and re-apply the ledger under the other suites' feet; RecoverIT and RecoverKilledIT run it on stacks of their
     * own.
     */
    static Stream<Path> events() {
        return SampleEvents.in(PROJECT.resolve("events")).stream()
                .filter(event -> !event.getFileName().toString().equals("recover.json"));
    }

    static String functionFor(Path event) {
        return SampleEvents.functionFor(SharedProcessStack.get().backend.template(), event)
                .orElseThrow(() -> new AssertionError(event + " names no route or trigger of template.yaml"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void everySampleEventRunsAgainstItsFunction(Path event) throws Exception {
        String function = functionFor(event);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // local/invoke is a client of the shared stack's Invoke API: the environments stay warm across suites.
        int status = Invoke.run(
                new String[] {function, "-e", event.toString(), "--stack", stackFile.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String response = out.toString(StandardCharsets.UTF_8);
        String logs = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, function + " answered without a function error: " + response + "\n" + logs);
        assertTrue(logs.contains("[" + function + "] REPORT RequestId: "), "the invocation's REPORT line: " + logs);
        JsonNode answer = StackClient.JSON.readTree(response);
        if (answer.has("statusCode")) {
            assertTrue(answer.get("statusCode").asInt() < 500, function + ": " + response);
        }
    }

    @Test
    void theScriptPrintsTheResponseAndTheReportLine() throws Exception {
        Process process = new ProcessBuilder(
                        PROJECT.resolve("local").resolve("invoke").toString(),
                        "ListProducts",
                        "-e",
                        PROJECT.resolve("events").resolve("list-products.json").toString(),
                        "--stack",
                        stackFile.toString())
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), new String(err, StandardCharsets.UTF_8));
        JsonNode response = StackClient.JSON.readTree(out);
        assertEquals(200, response.get("statusCode").asInt(), out);
        assertTrue(
                StackClient.JSON
                                .readTree(response.get("body").asText())
                                .get("items")
                                .size()
                        > 0,
                "the seeded catalogue: " + out);
        String logs = new String(err, StandardCharsets.UTF_8);
        assertTrue(
                logs.contains("[ListProducts] REPORT RequestId: "),
                "the invocation's REPORT line, from X-Amz-Log-Result: " + logs);
    }

    @Test
    void anUnknownFunctionIsAUsageErrorListingTheFunctions() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Invoke.run(
                new String[] {
                    "NoSuch",
                    "-e",
                    PROJECT.resolve("events").resolve("health.json").toString()
                },
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("PlaceOrder"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theOperatorFunctionRunsThroughLocalInvoke() throws Exception {
        // local/invoke is a client of the stack's Lambda Invoke API, and the function's log comes back with
        // X-Amz-Log-Result (Tail), as from Lambda: so this runs against the stack whose functions are processes.
        ProcessStack stack = SharedProcessStack.get();
        String email = UserSessionIT.uniqueEmail();
        HttpResponse<String> signedUp = stack.api.send(
                "POST",
                "/users",
                null,
                "{\"email\":\"" + email + "\",\"password\":\"" + UserSessionIT.PASSWORD + "\",\"name\":\"Ops Test\"}");
        assertEquals(201, signedUp.statusCode(), signedUp.body());
        String userId = StackClient.json(signedUp).get("userId").asText();
        Path event = Files.writeString(
                Path.of("target", "grant-role-it.json").toAbsolutePath(),
                "{\"source\":\"polystack.operator\"," + "\"action\":\"grant\",\"email\":\"" + email
                        + "\",\"role\":\"admin\",\"operator\":\"ops@example.com\"}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Invoke.run(
                new String[] {"GrantRole", "-e", event.toString(), "--stack", stackFile.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        JsonNode answer = StackClient.JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(userId, answer.get("userId").asText(), answer.toString());
        assertEquals("admin", answer.get("roles").get(0).asText(), answer.toString());
        assertTrue(
                err.toString(StandardCharsets.UTF_8).contains("\"roleChange\":{\"actor\":\"operator:ops@example.com\""),
                "the function's log line names the operator: " + err);
    }
}
