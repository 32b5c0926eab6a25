package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.local.lambda.Invocation;
import dev.polystack.local.lambda.LambdaRuntime;
import dev.polystack.local.lambda.SamTemplate;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Mistakes in template.yaml and failures of function processes, answered as Lambda and API Gateway
 * answer them. The stack runs a copy of the project's template with three deliberate mistakes: a
 * misspelt handler (ListProducts), a variable taken out of Globals (DB_SECRET_ARN, which the deep
 * health check needs; the migration keeps it), and a 2-second timeout on GetMe.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Lanes.PROCESS_STACKS)
class FunctionFailuresIT {
    /**
     * GetMe's timeout in this stack's template (28 s in template.yaml), short so the timeout test ends soon. Not 2 s, as
     * it was: a fresh GetMe environment's first invocation builds its DynamoDB client, and on a loaded machine (a
     * clean-clone `.ci/run`) it passed 2 s, so the kill test's own read of the version timed out.
     */
    static final int GET_ME_TIMEOUT_SECONDS = 6;

    static ProcessStack stack;
    static Path template;

    @BeforeAll
    static void start() throws Exception {
        Path project = SamTemplate.locate();
        String original = Files.readString(project);
        String broken = replaceOnce(
                original,
                "Handler: dev.polystack.catalog.handler.ListProductsHandler",
                "Handler: dev.polystack.catalog.handler.ListProductHandler");
        broken = replaceOnce(broken, "        DB_SECRET_ARN: !Ref DbSecretArn\n", "");
        broken = replaceOnce(
                broken,
                "          DATA_API_RETRY_BUDGET: PT4M\n",
                "          DATA_API_RETRY_BUDGET: PT4M\n          DB_SECRET_ARN: !Ref DbSecretArn\n");
        broken = replaceOnce(
                broken,
                "      Handler: dev.polystack.user.handler.GetMeHandler\n      MemorySize: 512\n      Timeout: 28\n",
                "      Handler: dev.polystack.user.handler.GetMeHandler\n      MemorySize: 512\n      Timeout: "
                        + GET_ME_TIMEOUT_SECONDS + "\n");
        broken = replaceOnce(
                broken,
                "CodeUri: functions/target/functions.jar",
                "CodeUri: "
                        + project.resolveSibling("functions").resolve("target").resolve("functions.jar"));
        template = Path.of("target", "template-with-mistakes.yaml").toAbsolutePath();
        Files.writeString(template, broken);
        stack = ProcessStack.start("function-failures", template, null, Map.of());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static String replaceOnce(String text, String from, String to) {
        assertTrue(text.contains(from), "template.yaml still has: " + from);
        return text.replace(from, to);
    }

    private static Invocation invoke(String function, String event) {
        return stack.backend
                .functions()
                .invoke(
                        function,
                        event.getBytes(StandardCharsets.UTF_8),
                        UUID.randomUUID().toString());
    }

    private static String httpEvent(String method, String path) {
        return "{\"version\":\"2.0\",\"routeKey\":\"" + method + " " + path + "\",\"rawPath\":\"" + path
                + "\",\"rawQueryString\":\"\","
                + "\"headers\":{},\"requestContext\":{\"http\":{\"method\":\"" + method + "\",\"path\":\"" + path
                + "\"},"
                + "\"requestId\":\"r\",\"routeKey\":\"" + method + " " + path + "\"},\"isBase64Encoded\":false}";
    }

    @Test
    void aMisspeltHandlerIsTheInitErrorLambdaGives() throws Exception {
        Invocation invocation = invoke("ListProducts", httpEvent("GET", "/products"));
        assertTrue(invocation.failed(), invocation.payloadText());
        JsonNode error = StackClient.JSON.readTree(invocation.payloadText());
        assertEquals("java.lang.ClassNotFoundException", error.path("errorType").asText(), invocation.payloadText());
        assertTrue(
                error.path("errorMessage").asText().contains("dev.polystack.catalog.handler.ListProductHandler"),
                invocation.payloadText());

        HttpResponse<String> response = stack.api.send("GET", "/products", null, null);
        assertEquals(500, response.statusCode());
        assertEquals("{\"message\":\"Internal Server Error\"}", response.body());
    }

    @Test
    void aVariableMissingFromTheTemplateFailsTheFunctionThatNeedsItNamingIt() {
        Invocation invocation = invoke("DeepHealth", "{\"source\":\"polystack.operator\"}");
        assertTrue(invocation.failed(), invocation.payloadText());
        assertTrue(invocation.payloadText().contains("DB_SECRET_ARN"), invocation.payloadText());
        assertEquals(
                200,
                stack.api.send("GET", "/health", null, null).statusCode(),
                "the public health check does not need it");
        stack.api.newUserToken(); // sign-up and login need only the table: they still serve
    }

    @Test
    void aTimedOutInvocationIsEndedAnsweredAndTheNextRequestSucceeds() throws Exception {
        String token = stack.api.newUserToken();
        var stall = stack.dynamo.stallNext("DynamoDB_20120810.Query");
        long start = System.nanoTime();
        HttpResponse<String> timedOut = stack.api.send("GET", "/users/me", token, null);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        stall.release();
        assertEquals(500, timedOut.statusCode(), timedOut.body());
        assertEquals("{\"message\":\"Internal Server Error\"}", timedOut.body());
        assertTrue(
                took.compareTo(Duration.ofSeconds(GET_ME_TIMEOUT_SECONDS)) >= 0
                        && took.compareTo(Duration.ofSeconds(GET_ME_TIMEOUT_SECONDS + 18)) < 0,
                "ended at its " + GET_ME_TIMEOUT_SECONDS + " s timeout: " + took);
        assertEquals(
                200,
                stack.api.send("GET", "/users/me", token, null).statusCode(),
                "a fresh environment serves the next request");
    }

    @Test
    void aFunctionProcessKilledMidInvocationIsAnsweredAndReplaced() throws Exception {
        String token = stack.api.newUserToken();
        var stall = stack.dynamo.stallNext("DynamoDB_20120810.UpdateItem");
        CompletableFuture<HttpResponse<String>> rename = CompletableFuture.supplyAsync(
                () -> stack.api.send("PATCH", "/users/me", token, "{\"name\":\"Killed\",\"version\":1}"));
        assertTrue(stall.awaitReached(60), "the function is inside its store call");
        List<ProcessHandle> processes = ((LambdaRuntime) stack.backend.functions()).processes("UpdateMe");
        assertEquals(1, processes.size());
        processes.get(0).destroyForcibly();
        HttpResponse<String> killed = rename.get();
        stall.release();
        assertEquals(500, killed.statusCode(), killed.body());
        assertEquals("{\"message\":\"Internal Server Error\"}", killed.body());

        // The held UpdateItem reached DynamoDB once released, as a request already sent would: read the version again.
        int version = StackClient.json(stack.api.send("GET", "/users/me", token, null))
                .get("version")
                .asInt();
        HttpResponse<String> next =
                stack.api.send("PATCH", "/users/me", token, "{\"name\":\"Next\",\"version\":" + version + "}");
        assertEquals(200, next.statusCode(), "a new process serves the next request: " + next.body());
        assertTrue(((LambdaRuntime) stack.backend.functions())
                .processes("UpdateMe").stream()
                        .noneMatch(p -> p.pid() == processes.get(0).pid()));
    }

    @Test
    void aCrashDuringInitIsARuntimeExitAndTheNextInvocationStartsAFreshEnvironment() throws Exception {
        LambdaRuntime runtime = (LambdaRuntime) stack.backend.functions();
        CompletableFuture<Invocation> first =
                CompletableFuture.supplyAsync(() -> invoke("Fallback", httpEvent("GET", "/nowhere")));
        List<ProcessHandle> starting = List.of();
        for (int i = 0; i < 2000 && starting.isEmpty(); i++) {
            starting = runtime.processes("Fallback");
            Thread.sleep(2);
        }
        assertEquals(1, starting.size(), "the first invocation started a process");
        starting.get(0).destroyForcibly();
        Invocation crashed = first.get();
        assertEquals("Runtime.ExitError", crashed.errorType(), crashed.payloadText());
        assertTrue(crashed.payloadText().contains("signal: killed"), crashed.payloadText());

        Invocation next = invoke("Fallback", httpEvent("GET", "/nowhere"));
        assertTrue(!next.failed(), next.payloadText());
        assertTrue(next.report().initMillis() != null, "the next invocation was a cold start: " + next.report());
    }
}
