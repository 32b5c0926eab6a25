package dev.polystack.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.local.Lanes;
import dev.polystack.local.LocalBackend;
import dev.polystack.local.ProcessStack;
import dev.polystack.local.SharedProcessStack;
import dev.polystack.local.StackClient;
import dev.polystack.local.StallingProxy;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Contention and failures on the login counters, injected between the function processes and DynamoDB
 * Local ({@link StallingProxy}): never a 500, and an attempt that cannot be given back is logged.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Lanes.PROCESS_STACKS)
class LoginCountersIT {
    static final String PASSWORD = "correct horse battery";
    /** What DynamoDB answers a single-item write that meets a transaction on its item (the SDK does not retry it). */
    static final String CONFLICT = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionConflictException\","
            + "\"message\":\"Transaction is ongoing for the item\"}";
    /** What it answers a transaction that meets another on one of its items. */
    static final String CANCELLED = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionCanceledException\","
            + "\"message\":\"Transaction cancelled, please refer cancellation reasons for specific reasons"
            + " [TransactionConflict, None]\",\"CancellationReasons\":[{\"Code\":\"TransactionConflict\"},"
            + "{\"Code\":\"None\"}]}";

    static ProcessStack stack;

    @BeforeAll
    static void start() {
        stack = SharedProcessStack.get();
    }

    @AfterEach
    void noFaultLeft() {
        stack.dynamo.clearFailures();
    }

    static String signUp() {
        String email = "counted-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> answer = stack.api.send(
                "POST",
                "/users",
                null,
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"C\"}");
        assertEquals(201, answer.statusCode(), answer.body());
        return email;
    }

    static HttpResponse<String> login(String email, String password) {
        return stack.api.send(
                "POST", "/sessions", null, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    static Stream<Arguments> contention() {
        return Stream.of(
                Arguments.of("the address's failing accounts", "LIMIT#login-ip#", 400, CONFLICT),
                Arguments.of("the address's failing accounts", "LIMIT#login-ip#", 400, CANCELLED),
                Arguments.of("the address's failing accounts", "LIMIT#login-ip#", 400, StallingProxy.THROTTLED),
                Arguments.of("the account's counter", "LIMIT#login-account#", 400, CONFLICT),
                Arguments.of("the account's counter", "LIMIT#login-account#", 400, CANCELLED),
                Arguments.of("the account's counter", "LIMIT#login-account#", 400, StallingProxy.THROTTLED));
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("contention")
    void contentionOnACounterBeforeThePasswordCheckIsA503NeverA500(
            String counter, String key, int status, String error) {
        String email = signUp();
        stack.dynamo.failNext(key, 1000, status, error);
        for (String password : List.of(PASSWORD, "wrong password")) {
            HttpResponse<String> answer = login(email, password);
            assertEquals(503, answer.statusCode(), answer.body());
            assertEquals(
                    "LIMITS_BUSY",
                    StackClient.json(answer).path("error").path("code").asText());
            assertTrue(answer.headers().firstValue("retry-after").isPresent(), "Retry-After");
        }
        stack.dynamo.clearFailures();
        assertEquals(201, login(email, PASSWORD).statusCode(), "once the contention is over");
    }

    @Test
    void aFailureThatCannotBeCountedIsStillA401AndLogged() throws Exception {
        String email = signUp();
        List<String> lines = new CopyOnWriteArrayList<>();
        try (AutoCloseable listening = stack.listen(lines::add)) {
            stack.dynamo.failNext("ADD #failing", 1000, 400, CONFLICT);
            HttpResponse<String> answer = login(email, "wrong password");
            assertEquals(401, answer.statusCode(), answer.body());
        }
        assertTrue(lines.stream().anyMatch(line -> line.contains("login_failure_not_counted")), "logged: " + lines);
    }

    @Test
    void aGiveBackThatMeetsThrottlingIsRetriedAndTheAttemptReallyGivenBack() {
        String email = signUp();
        stack.dynamo.failNext(":minusOne", 2, 400, StallingProxy.THROTTLED);
        assertEquals(201, login(email, PASSWORD).statusCode());
        assertEquals(0, attemptsCounted(email), "the success's attempt was given back after the throttling");
    }

    @Test
    void aGiveBackThatKeepsFailingStillLetsTheUserInAndIsLoggedNotLostSilently() throws Exception {
        String email = signUp();
        List<String> lines = new CopyOnWriteArrayList<>();
        try (AutoCloseable listening = stack.listen(lines::add)) {
            stack.dynamo.failNext(":minusOne", 1000, 500, StallingProxy.INTERNAL_ERROR);
            HttpResponse<String> answer = login(email, PASSWORD);
            assertEquals(201, answer.statusCode(), answer.body());
        }
        assertTrue(lines.stream().anyMatch(line -> line.contains("limit_not_given_back")), "logged: " + lines);
        assertEquals(1, attemptsCounted(email), "the attempt stays counted (never below the truth)");
    }

    /** The account's attempts in every window (read past the proxy). */
    static long attemptsCounted(String email) throws IllegalStateException {
        String pk = "LIMIT#login-account#" + sha256(email);
        return stack
                .backend
                .app()
                .clients()
                .dynamo()
                .query(b -> b.tableName(LocalBackend.TABLE)
                        .keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                        .consistentRead(true))
                .items()
                .stream()
                .mapToLong(item -> Long.parseLong(item.get("attempts").n()))
                .sum();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
