package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.local.lambda.Invocation;
import dev.polystack.local.lambda.LambdaRuntime;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * kill -9 in the middle of Recover, on the process stack (every function its own JVM, as on Lambda):
 * the recovery is held at the ledger's Query of its last step and its process killed; invoked again
 * with the same id, it skips the finished steps and re-applies the ledger, and a logout made after
 * T holds again after a restore brought the session back.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Lanes.PROCESS_STACKS)
class RecoverKilledIT {
    static ProcessStack stack;

    @BeforeAll
    static void start() {
        stack = SharedProcessStack.get();
    }

    @AfterEach
    void noStallLeft() {
        stack.dynamo.clearStall();
    }

    static Invocation recover(String id, Instant t) {
        // Skew 0: the shared stack's other suites' entries before T are not this test's to re-apply.
        String event = "{\"recoveryId\":\"" + id + "\",\"restorePoint\":\"" + t + "\",\"skewSeconds\":0}";
        return stack.backend
                .functions()
                .invoke(
                        "Recover",
                        event.getBytes(StandardCharsets.UTF_8),
                        UUID.randomUUID().toString());
    }

    static List<Map<String, AttributeValue>> itemsOf(String userId) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        stack.backend
                .app()
                .clients()
                .dynamo()
                .scanPaginator(b -> b.tableName(LocalBackend.TABLE).consistentRead(true))
                .items()
                .forEach(item -> {
                    if (item.toString().contains(userId)) {
                        items.add(item);
                    }
                });
        return items;
    }

    @Test
    void aRecoveryKilledMidwayResumesWithItsIdAndTheLogoutAfterTHoldsAgain() throws Exception {
        String email = "killed-recovery-" + UUID.randomUUID() + "@example.com";
        String password = "correct horse battery";
        HttpResponse<String> signUp = stack.api.send(
                "POST",
                "/users",
                null,
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"name\":\"K\"}");
        String userId = StackClient.json(signUp).get("userId").asText();
        String login = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
        String phone = StackClient.json(stack.api.send("POST", "/sessions", null, login))
                .get("token")
                .asText();
        String laptop = StackClient.json(stack.api.send("POST", "/sessions", null, login))
                .get("token")
                .asText();
        Thread.sleep(20);
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Map<String, AttributeValue>> atT = itemsOf(userId);
        Thread.sleep(20);
        assertEquals(
                204, stack.api.send("DELETE", "/sessions/current", phone, null).statusCode());
        // The restore to T brings the user's items back as they were, the phone's session among them.
        atT.forEach(item -> stack.backend
                .app()
                .clients()
                .dynamo()
                .putItem(b -> b.tableName(LocalBackend.TABLE).item(item)));
        assertEquals(200, stack.api.send("GET", "/users/me", phone, null).statusCode(), "restored");

        String id = "killed-" + UUID.randomUUID();
        var stall = stack.dynamo.stallNext("{\"S\":\"DAY#");
        CompletableFuture<Invocation> first = CompletableFuture.supplyAsync(() -> recover(id, t));
        assertTrue(stall.awaitReached(120), "the recovery reached the ledger's Query");
        LambdaRuntime runtime = stack.runtime();
        runtime.processes("Recover").forEach(ProcessHandle::destroyForcibly);
        assertTrue(first.get().failed(), "killed: " + first.get().payloadText());
        stall.release();
        assertEquals(200, stack.api.send("GET", "/users/me", phone, null).statusCode(), "not re-applied yet");

        Invocation resumed = recover(id, t);
        assertFalse(resumed.failed(), resumed.payloadText());
        JsonNode steps = StackClient.JSON.readTree(resumed.payloadText()).get("steps");
        assertTrue(steps.get(0).get("resumedPastIt").asBoolean(), "the re-projection was finished: " + steps);
        assertTrue(steps.get(1).get("resumedPastIt").asBoolean(), "the uploads step was finished: " + steps);
        assertFalse(steps.get(2).get("resumedPastIt").asBoolean(), "the ledger step runs again: " + steps);
        assertEquals(403, stack.api.send("GET", "/users/me", phone, null).statusCode(), "the logout holds again");
        assertEquals(200, stack.api.send("GET", "/users/me", laptop, null).statusCode(), "the other session stays");
    }
}
