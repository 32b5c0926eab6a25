package dev.polystack.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystack.local.Lanes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * An on-demand init that takes longer than Lambda's 10 s, answered as Lambda answers it: "The Init phase is limited to
 * 10 seconds. If all three tasks do not complete within 10 seconds, Lambda retries the Init phase at the time of the
 * first function invocation with the configured function timeout"
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html#runtimes-lifecycle-ib). Two functions
 * of {@link SlowInitHandler}, invoked side by side: one whose first init takes 11 s and whose retried init is quick,
 * and one whose every init takes 11 s, longer than its 4-second timeout.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Lanes.OWN_STACKS)
class InitRetryIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long SLOW_INIT_MILLIS = 11_000;

    @TempDir
    static Path dir;

    static final List<String> output = new CopyOnWriteArrayList<>();
    static LambdaRuntime runtime;
    static Invocation retried;
    static Invocation timedOut;

    @BeforeAll
    static void invokeBothOnce() throws Exception {
        Path jar = dir.resolve("slow-init.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            String entry = SlowInitHandler.class.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(entry));
            try (var in = SlowInitHandler.class.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo(out);
            }
            out.closeEntry();
        }
        Path template = dir.resolve("template.yaml");
        Files.writeString(
                template,
                "Resources:\n"
                        + function("Retried", jar, 20, "retried.inits", "")
                        + function("TimedOut", jar, 4, "timed-out.inits", "          SLOW_INIT: every\n"));
        runtime = new LambdaRuntime(
                SamTemplate.read(template), new LambdaRuntime.Config(Map.of(), Map.of(), 1, false, output::add));
        CompletableFuture<Invocation> first = CompletableFuture.supplyAsync(() -> invoke("Retried"));
        CompletableFuture<Invocation> second = CompletableFuture.supplyAsync(() -> invoke("TimedOut"));
        retried = first.get();
        timedOut = second.get();
    }

    /** A function of {@link SlowInitHandler} with its timeout, its count of inits and {@code more} variables. */
    static String function(String name, Path jar, int timeoutSeconds, String initCount, String more) {
        return """
                  %sFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: %s::handleRequest
                      CodeUri: %s
                      MemorySize: 256
                      Timeout: %d
                      Environment:
                        Variables:
                          INIT_COUNT_FILE: %s
                          SLOW_INIT_MILLIS: "%d"
                """.formatted(
                                name,
                                SlowInitHandler.class.getName(),
                                jar,
                                timeoutSeconds,
                                dir.resolve(initCount),
                                SLOW_INIT_MILLIS)
                + more;
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    static Invocation invoke(String function) {
        return runtime.invoke(function, "{}".getBytes(StandardCharsets.UTF_8), function.toLowerCase() + "-request");
    }

    @Test
    void anInitPastTenSecondsIsRetriedWithinTheInvocationAndTheInvocationSucceeds() throws IOException {
        assertFalse(
                retried.failed(),
                retried.errorType() + ": " + retried.payloadText() + "\n" + String.join("\n", output));
        JsonNode answer = JSON.readTree(retried.payloadText());
        assertEquals(2, answer.get("inits").asInt(), "the init ran again, in a fresh environment: " + answer);
        assertEquals(List.of("init", "init"), Files.readAllLines(dir.resolve("retried.inits")));
        double retriedInitMillis = retried.report().initMillis();
        assertTrue(
                answer.get("remainingMillis").asLong() <= 20_000 - (long) retriedInitMillis,
                "the retried init (" + retriedInitMillis + " ms) counts against the function's 20 s: " + answer);
    }

    @Test
    void theFirstInitsTimeoutIsLoggedAsLambdaLogsIt() {
        assertTrue(
                output.stream()
                        .anyMatch(line -> line.startsWith("[Retried] INIT_REPORT Init Duration: ")
                                && line.endsWith("Phase: init\tStatus: timeout")),
                () -> "the INIT_REPORT line of the timed-out init: " + String.join("\n", output));
        assertEquals(
                1,
                output.stream()
                        .filter(line -> line.startsWith("[Retried] REPORT RequestId: retried-request"))
                        .count(),
                () -> "one REPORT line for the one invocation: " + String.join("\n", output));
    }

    @Test
    void aRetriedInitThatOutlastsTheFunctionsTimeoutIsATimeout() {
        assertTrue(timedOut.failed(), timedOut.payloadText());
        assertEquals("Sandbox.Timedout", timedOut.errorType(), timedOut.payloadText());
        assertTrue(timedOut.payloadText().contains("Task timed out after 4.00 seconds"), timedOut.payloadText());
        assertEquals(
                List.of("init", "init"),
                readLines(dir.resolve("timed-out.inits")),
                "the init was retried once, then the invocation ended");
    }

    static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
