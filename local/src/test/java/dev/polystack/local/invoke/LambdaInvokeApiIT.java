package dev.polystack.local.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * The Lambda Invoke API through the AWS SDK's own {@code LambdaClient}, unchanged but for its endpoint:
 * every invocation type, every way to name a function, function errors, the log tail, and the
 * service's errors (unknown function, payload too large, throttling by reserved concurrency).
 */
class LambdaInvokeApiIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static LocalLambda lambda;
    static LambdaClient client;

    @BeforeAll
    static void start() {
        lambda = LocalLambda.shared();
        client = LambdaClient.builder()
                .endpointOverride(lambda.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any")))
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()).apiCallTimeout(Duration.ofSeconds(90)))
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    static InvokeResponse invoke(String function, String payload) {
        return client.invoke(b -> b.functionName(function).payload(SdkBytes.fromUtf8String(payload)));
    }

    @Test
    void aSynchronousInvocationAnswersWithTheFunctionsResponse() throws Exception {
        InvokeResponse response = invoke("GrantRole", "{\"action\":\"grant\"}");
        assertEquals(200, response.statusCode());
        assertNull(response.functionError(), response.payload().asUtf8String());
        assertEquals("$LATEST", response.executedVersion());
        JsonNode answer = JSON.readTree(response.payload().asUtf8String());
        assertEquals(
                "MISSING_FIELD",
                answer.path("error").path("code").asText(),
                "the function's own refusal, as its answer: " + answer);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "GrantRole",
                "GrantRole:live",
                "GrantRole:$LATEST",
                "polystack-local-GrantRole",
                "polystack-dev-GrantRole",
                "arn:aws:lambda:us-east-1:000000000000:function:GrantRole",
                "arn:aws:lambda:us-east-1:000000000000:function:GrantRole:live",
                "000000000000:function:GrantRole"
            })
    void aFunctionIsFoundByNameAliasOrArn(String name) {
        InvokeResponse response = invoke(name, "{}");
        assertEquals(200, response.statusCode());
        assertTrue(
                response.payload().asUtf8String().contains("MISSING_FIELD"),
                response.payload().asUtf8String());
    }

    @Test
    void theQualifierMayComeAsAParameter() {
        InvokeResponse response = client.invoke(
                b -> b.functionName("GrantRole").qualifier("live").payload(SdkBytes.fromUtf8String("{}")));
        assertEquals(200, response.statusCode());
    }

    @Test
    void aFunctionErrorIsUnhandledWithTheRuntimesErrorObject() throws Exception {
        InvokeResponse response = invoke("GrantRole", "[1, 2]");
        assertEquals(200, response.statusCode(), "a function error is not an API error");
        assertEquals("Unhandled", response.functionError());
        JsonNode error = JSON.readTree(response.payload().asUtf8String());
        assertTrue(error.hasNonNull("errorType") && error.hasNonNull("errorMessage"), error.toString());
    }

    @Test
    void tailReturnsTheInvocationsLogBase64WithItsReportLine() {
        InvokeResponse response = client.invoke(
                b -> b.functionName("GrantRole").logType(LogType.TAIL).payload(SdkBytes.fromUtf8String("{}")));
        String requestId = response.responseMetadata().requestId();
        String log = new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
        assertTrue(log.startsWith("START RequestId: " + requestId), log);
        assertTrue(log.contains("\"errorCode\":\"MISSING_FIELD\""), "the function's own log line: " + log);
        assertTrue(
                log.contains("END RequestId: " + requestId + "\n")
                        && log.contains("REPORT RequestId: " + requestId + "\tDuration: "),
                log);
        assertTrue(log.getBytes(StandardCharsets.UTF_8).length <= LambdaInvokeApi.TAIL_BYTES);
        assertNull(invoke("GrantRole", "{}").logResult(), "no tail unless asked for");
    }

    @Test
    void aDryRunAnswers204WithoutRunningTheFunction() {
        long before = lambda.reports("GrantRole");
        InvokeResponse response = client.invoke(b -> b.functionName("GrantRole")
                .invocationType(InvocationType.DRY_RUN)
                .payload(SdkBytes.fromUtf8String("{}")));
        assertEquals(204, response.statusCode());
        assertEquals(before, lambda.reports("GrantRole"));
        assertThrows(
                ResourceNotFoundException.class,
                () -> client.invoke(b -> b.functionName("NoSuch").invocationType(InvocationType.DRY_RUN)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"NoSuch", "GrantRole:v9", "arn:aws:lambda:us-east-1:000000000000:function:NoSuch"})
    void anUnknownFunctionOrQualifierIsResourceNotFound(String name) {
        ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class, () -> invoke(name, "{}"));
        assertEquals(404, e.statusCode());
        assertEquals("ResourceNotFoundException", e.awsErrorDetails().errorCode());
        assertTrue(e.getMessage().startsWith("Function not found: arn:aws:lambda:"), e.getMessage());
    }

    @Test
    void aPayloadOverSixMegabytesIsRequestTooLarge() {
        String payload = "\"" + "x".repeat(LambdaInvokeApi.SYNC_PAYLOAD_LIMIT) + "\"";
        RequestTooLargeException e = assertThrows(RequestTooLargeException.class, () -> invoke("GrantRole", payload));
        assertEquals(413, e.statusCode());
        String asyncPayload = "\"" + "x".repeat(LambdaInvokeApi.ASYNC_PAYLOAD_LIMIT) + "\"";
        assertThrows(
                RequestTooLargeException.class,
                () -> client.invoke(b -> b.functionName("GrantRole")
                        .invocationType(InvocationType.EVENT)
                        .payload(SdkBytes.fromUtf8String(asyncPayload))));
    }

    @Test
    void anEventIsAcceptedAt202AndRunsLater() throws Exception {
        long before = lambda.reports("GrantRole");
        InvokeResponse response = client.invoke(b -> b.functionName("GrantRole")
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{}")));
        assertEquals(202, response.statusCode());
        assertEquals(0, response.payload().asByteArray().length);
        awaitReports("GrantRole", before + 1);
    }

    @Test
    void aFailingEventIsRetriedTwiceThenDropped() throws Exception {
        InvokeResponse response = client.invoke(b -> b.functionName("UploadCompleted")
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("[\"not an S3 event\"]")));
        assertEquals(202, response.statusCode());
        awaitReports("UploadCompleted", 3);
        Thread.sleep(2_000); // past the second retry's delay twice over
        assertEquals(
                3, lambda.reports("UploadCompleted"), "the first attempt and two retries, no more: " + lambda.output);
    }

    @Test
    void reservedConcurrencyZeroThrottlesEveryInvocation() {
        TooManyRequestsException e = assertThrows(TooManyRequestsException.class, () -> invoke("Health", "{}"));
        assertEquals(429, e.statusCode());
        assertEquals("ReservedFunctionConcurrentInvocationLimitExceeded", e.reasonAsString());
        assertEquals(0, lambda.reports("Health"));
    }

    @Test
    void aSecondInvocationWhileTheReservedOneRunsIsThrottled() throws Exception {
        String event =
                "{\"version\":\"2.0\",\"routeKey\":\"GET /products/{id}\",\"rawPath\":\"/products/x\",\"pathParameters\":{\"id\":\"x\"},"
                        + "\"requestContext\":{\"requestId\":\"r\",\"http\":{\"method\":\"GET\",\"path\":\"/products/x\"}}}";
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return invoke("GetProduct", event).statusCode();
                } catch (TooManyRequestsException throttled) {
                    return throttled;
                }
            }));
        }
        List<Object> outcomes = new ArrayList<>();
        for (var call : calls) {
            outcomes.add(call.get(120, TimeUnit.SECONDS));
        }
        assertEquals(1, outcomes.stream().filter(o -> o.equals(200)).count(), outcomes.toString());
        assertEquals(
                1,
                outcomes.stream()
                        .filter(TooManyRequestsException.class::isInstance)
                        .count(),
                outcomes.toString());
        assertEquals(
                200, invoke("GetProduct", event).statusCode(), "once the first is done, the reservation is free again");
    }

    @Test
    void itScalesOutToTheReservedConcurrency() throws Exception {
        String event = "{\"version\":\"2.0\",\"routeKey\":\"GET /products\",\"rawPath\":\"/products\","
                + "\"requestContext\":{\"requestId\":\"r\",\"http\":{\"method\":\"GET\",\"path\":\"/products\"}}}";
        List<CompletableFuture<InvokeResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> invoke("ListProducts", event)));
        }
        for (var call : calls) {
            InvokeResponse response = call.get(180, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            if (response.functionError() != null) {
                // Five JVMs starting at once on a small, busy machine can pass Lambda's 10 s init limit; that is not
                // what this tests.
                System.out.println(
                        "ListProducts under a cold burst: " + response.payload().asUtf8String());
            }
        }
        assertEquals(
                5,
                lambda.runtime.environmentsStarted("ListProducts"),
                "five at once ran in five environments (the old cap was four)");
    }

    private static void awaitReports(String function, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (lambda.reports(function) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        function + " ran " + lambda.reports(function) + " times, not " + count + ": " + lambda.output);
            }
            Thread.sleep(100);
        }
    }
}
