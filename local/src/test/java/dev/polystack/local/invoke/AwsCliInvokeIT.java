package dev.polystack.local.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code aws lambda invoke}, the AWS CLI this machine has, against the Lambda Invoke API with nothing
 * but what {@code local/start}'s banner exports (endpoint, region, credentials): each case of the issue.
 * Skips where no {@code aws} command is installed.
 */
class AwsCliInvokeIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static LocalLambda lambda;

    record Cli(int status, JsonNode output, String stderr, Path outfile) {
        String payload() throws Exception {
            return Files.readString(outfile);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        boolean installed;
        try {
            installed = new ProcessBuilder("aws", "--version")
                            .redirectErrorStream(true)
                            .start()
                            .waitFor()
                    == 0;
        } catch (java.io.IOException absent) {
            installed = false;
        }
        assumeTrue(installed, "no AWS CLI (aws) on this machine's PATH");
        lambda = LocalLambda.shared();
    }

    /** The banner's exports, and nothing of the user's own AWS configuration. */
    static Map<String, String> exports() {
        return Map.of(
                "AWS_ENDPOINT_URL_LAMBDA",
                lambda.endpoint().toString(),
                "AWS_REGION",
                "us-east-1",
                "AWS_DEFAULT_REGION",
                "us-east-1",
                "AWS_ACCESS_KEY_ID",
                "local",
                "AWS_SECRET_ACCESS_KEY",
                "local-secret-key");
    }

    static Cli aws(String... args) throws Exception {
        Path outfile = Files.createTempFile("aws-invoke", ".json");
        outfile.toFile().deleteOnExit();
        List<String> command = new ArrayList<>(List.of("aws", "lambda", "invoke"));
        command.addAll(List.of(args));
        command.add(outfile.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().putAll(exports());
        builder.environment().put("AWS_CONFIG_FILE", "/nonexistent");
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
        builder.environment().put("AWS_MAX_ATTEMPTS", "1");
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        return new Cli(process.exitValue(), stdout.isBlank() ? null : JSON.readTree(stdout), stderr, outfile);
    }

    @Test
    void invokesSynchronously() throws Exception {
        Cli cli = aws("--function-name", "GrantRole", "--payload", "{\"action\":\"grant\"}");
        assertEquals(0, cli.status(), cli.stderr());
        assertEquals(200, cli.output().get("StatusCode").asInt());
        assertFalse(cli.output().has("FunctionError"), cli.output().toString());
        assertTrue(cli.payload().contains("MISSING_FIELD"), cli.payload());
    }

    @Test
    void invokesAsynchronously() throws Exception {
        long before = lambda.reports("GrantRole");
        Cli cli = aws(
                "--function-name",
                "arn:aws:lambda:us-east-1:000000000000:function:GrantRole:live",
                "--invocation-type",
                "Event",
                "--payload",
                "{}");
        assertEquals(0, cli.status(), cli.stderr());
        assertEquals(202, cli.output().get("StatusCode").asInt());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lambda.reports("GrantRole") == before && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(lambda.reports("GrantRole") > before, "the event ran");
    }

    @Test
    void aDryRunIs204() throws Exception {
        Cli cli = aws("--function-name", "GrantRole", "--invocation-type", "DryRun", "--payload", "{}");
        assertEquals(0, cli.status(), cli.stderr());
        assertEquals(204, cli.output().get("StatusCode").asInt());
    }

    @Test
    void tailReturnsTheLogBase64() throws Exception {
        Cli cli = aws("--function-name", "GrantRole", "--log-type", "Tail", "--payload", "{}");
        assertEquals(0, cli.status(), cli.stderr());
        String log = new String(
                Base64.getDecoder().decode(cli.output().get("LogResult").asText()), StandardCharsets.UTF_8);
        assertTrue(log.startsWith("START RequestId: ") && log.contains("REPORT RequestId: "), log);
    }

    @Test
    void aFunctionErrorIsUnhandled() throws Exception {
        Cli cli = aws("--function-name", "GrantRole", "--payload", "[1]");
        assertEquals(0, cli.status(), "the call succeeded; the function failed: " + cli.stderr());
        assertEquals("Unhandled", cli.output().get("FunctionError").asText());
        assertTrue(JSON.readTree(cli.payload()).has("errorType"), cli.payload());
    }

    @Test
    void anUnknownFunctionIsResourceNotFound() throws Exception {
        Cli cli = aws("--function-name", "NoSuch", "--payload", "{}");
        assertNotEquals(0, cli.status());
        assertTrue(
                cli.stderr()
                        .contains(
                                "(ResourceNotFoundException) when calling the Invoke operation: Function not found: "),
                cli.stderr());
    }

    @Test
    void aPayloadOverSixMegabytesIsRequestTooLarge() throws Exception {
        Path big = Files.createTempFile("big-event", ".json");
        Files.writeString(big, "\"" + "x".repeat(LambdaInvokeApi.SYNC_PAYLOAD_LIMIT) + "\"");
        Cli cli = aws("--function-name", "GrantRole", "--payload", "fileb://" + big);
        Files.delete(big);
        assertNotEquals(0, cli.status());
        assertTrue(cli.stderr().contains("(RequestTooLargeException)"), cli.stderr());
    }

    @Test
    void reservedConcurrencyThrottles() throws Exception {
        Cli cli = aws("--function-name", "Health", "--payload", "{}");
        assertNotEquals(0, cli.status());
        assertTrue(cli.stderr().contains("(TooManyRequestsException)"), cli.stderr());
    }
}
