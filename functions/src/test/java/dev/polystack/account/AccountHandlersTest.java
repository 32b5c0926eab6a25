package dev.polystack.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.Lambda;
import dev.polystack.MutableClock;
import dev.polystack.account.handler.DeleteMeHandler;
import dev.polystack.account.handler.EraseAccountsHandler;
import dev.polystack.recovery.InMemoryLedger;
import dev.polystack.session.InMemorySessions;
import dev.polystack.session.LoginLimits;
import dev.polystack.shared.RateLimiter;
import dev.polystack.user.CountingHasher;
import dev.polystack.user.DisplayName;
import dev.polystack.user.Email;
import dev.polystack.user.InMemoryUsers;
import dev.polystack.user.Password;
import dev.polystack.user.UserService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DELETE /users/me and the scheduled pickup, fed the sample events of {@code events/}, over in-memory ports. */
class AccountHandlersTest {
    final InMemoryUsers users = new InMemoryUsers();
    final InMemoryAccount account = new InMemoryAccount(users, new InMemorySessions());
    final CountingHasher hasher = new CountingHasher();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    final ErasureService erasure = new ErasureService(
            users,
            hasher,
            RateLimiter.NONE,
            LoginLimits.DEFAULT,
            account,
            account,
            account,
            clock,
            Duration.ofMinutes(16),
            new InMemoryLedger());
    String userId;

    @BeforeEach
    void signUp() {
        userId = new UserService(users, hasher, clock)
                .signUp(new Email("ada@example.com"), new Password("correct horse battery"), new DisplayName("Ada"))
                .userId();
        account.objects.add("uploads/" + userId + "/0123456789abcdef01234567");
    }

    ObjectNode deleteMe(String body) {
        ObjectNode event = Lambda.event("delete-me.json");
        ((ObjectNode) event.get("requestContext").get("authorizer").get("lambda")).put("userId", userId);
        if (body != null) {
            event.put("body", body);
        }
        return event;
    }

    @Test
    void theSampleEventIsAcceptedAndThePickupFinishesIt() {
        JsonNode accepted = Lambda.invoke(new DeleteMeHandler(erasure), deleteMe(null));
        assertEquals(202, accepted.get("statusCode").asInt(), accepted.toString());
        JsonNode body = Lambda.body(accepted);
        assertEquals("ERASING", body.get("status").asText());
        assertEquals(userId, body.get("userId").asText());
        assertEquals("2026-11-23T10:16:00Z", body.get("completesAfter").asText());
        assertEquals(List.of("job"), account.traces(userId));

        clock.now = clock.now.plus(Duration.ofMinutes(16));
        JsonNode run = Lambda.invoke(new EraseAccountsHandler(erasure), Lambda.event("erase-accounts.json"));
        assertEquals(1, run.get("finished").asInt(), run.toString());
        assertEquals(List.of(), account.traces(userId));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"password\":\"wrong password!\"}|403|WRONG_PASSWORD",
                "{}|400|MISSING_FIELD",
                "{\"password\":\"short\"}|400|INVALID_PASSWORD",
                "not json|400|MALFORMED_JSON"
            })
    void aRefusedRequestChangesNothing(String body, int status, String code) {
        JsonNode refused = Lambda.invoke(new DeleteMeHandler(erasure), deleteMe(body));
        assertEquals(status, refused.get("statusCode").asInt(), refused.toString());
        assertEquals(code, Lambda.body(refused).get("error").get("code").asText());
        assertTrue(users.byId.containsKey(userId));
        assertTrue(account.jobs.isEmpty());
        assertEquals(1, account.objects.size());
    }

    @Test
    void aFailingJobFailsTheScheduledInvocationAfterTheOthersRan() {
        account.failing = InMemoryAccount.Step.DELETE_OBJECTS;
        Lambda.invoke(new DeleteMeHandler(erasure), deleteMe(null));
        clock.now = clock.now.plus(Duration.ofMinutes(16));
        assertThrowsFunctionError(
                () -> Lambda.invoke(new EraseAccountsHandler(erasure), Lambda.event("erase-accounts.json")));
        assertTrue(account.jobs.containsKey(userId), "kept for the next run");
    }

    static void assertThrowsFunctionError(Runnable invocation) {
        try {
            invocation.run();
        } catch (RuntimeException expected) {
            return;
        }
        throw new AssertionError("the invocation should have failed");
    }
}
