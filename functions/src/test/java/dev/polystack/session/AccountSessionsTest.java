package dev.polystack.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.Lambda;
import dev.polystack.MutableClock;
import dev.polystack.recovery.InMemoryLedger;
import dev.polystack.session.handler.AuthorizerHandler;
import dev.polystack.session.handler.ChangePasswordHandler;
import dev.polystack.session.handler.LogoutEverywhereHandler;
import dev.polystack.shared.DomainException;
import dev.polystack.shared.InMemoryRateLimiter;
import dev.polystack.shared.RateLimiter;
import dev.polystack.user.CountingHasher;
import dev.polystack.user.DisplayName;
import dev.polystack.user.Email;
import dev.polystack.user.InMemoryUsers;
import dev.polystack.user.Password;
import dev.polystack.user.User;
import dev.polystack.user.UserService;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Password change and logging out everywhere, over in-memory ports, fed with {@code events/}. */
class AccountSessionsTest {
    static final String PASSWORD = "correct horse battery";
    static final String NEW_PASSWORD = "a longer horse battery";
    final InMemoryLedger ledger = new InMemoryLedger();

    final InMemoryUsers stored = new InMemoryUsers();
    final InMemorySessions store = new InMemorySessions();
    final CountingHasher hasher = new CountingHasher();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    final InMemoryRateLimiter limiter = new InMemoryRateLimiter();
    SessionService sessions;
    String userId;

    @BeforeEach
    void signUp() {
        sessions = new SessionService(
                stored,
                store,
                hasher,
                clock,
                Duration.ofHours(24),
                limiter,
                new LoginLimits(3, 100, Duration.ofMinutes(15)),
                ledger);
        userId = new UserService(stored, hasher, clock)
                .signUp(new Email("ada@example.com"), new Password(PASSWORD), new DisplayName("Ada"))
                .userId();
    }

    SessionToken login(String password) {
        return sessions.login(new Email("ada@example.com"), new Password(password), "203.0.113.10")
                .token();
    }

    JsonNode changePassword(SessionToken caller, String body) {
        ObjectNode event = Lambda.event("change-password.json");
        ((ObjectNode) event.get("headers")).put("authorization", "Bearer " + caller.value());
        ((ObjectNode) event.get("requestContext").get("authorizer").get("lambda")).put("userId", userId);
        event.put("body", body);
        return Lambda.invoke(new ChangePasswordHandler(sessions), event);
    }

    static String body(String current, String next) {
        return "{\"currentPassword\":\"" + current + "\",\"newPassword\":\"" + next + "\"}";
    }

    boolean authorized(SessionToken token) {
        ObjectNode event = Lambda.event("authorizer.json");
        event.putArray("identitySource").add("Bearer " + token.value());
        return Lambda.invoke(new AuthorizerHandler(sessions), event)
                .get("isAuthorized")
                .asBoolean();
    }

    @Test
    void changingThePasswordEndsEveryOtherSessionAndKeepsTheCallers() {
        SessionToken caller = login(PASSWORD);
        SessionToken phone = login(PASSWORD);
        SessionToken laptop = login(PASSWORD);

        JsonNode answer = changePassword(caller, body(PASSWORD, NEW_PASSWORD));

        assertEquals(200, answer.get("statusCode").asInt(), answer.toString());
        assertEquals(2, Lambda.body(answer).get("otherSessionsEnded").asInt());
        assertTrue(authorized(caller), "the caller's own session stays");
        assertEquals(false, authorized(phone));
        assertEquals(false, authorized(laptop));
        assertTrue(login(NEW_PASSWORD).wellFormed(), "the new password logs in");
        DomainException old = assertThrows(DomainException.class, () -> login(PASSWORD));
        assertEquals("INVALID_CREDENTIALS", old.code());
    }

    @Test
    void aWrongCurrentPasswordIs403AndChangesNothing() {
        SessionToken caller = login(PASSWORD);
        SessionToken other = login(PASSWORD);
        JsonNode answer = changePassword(caller, body("not the password", NEW_PASSWORD));
        assertEquals(403, answer.get("statusCode").asInt());
        assertEquals(
                "WRONG_CURRENT_PASSWORD",
                Lambda.body(answer).get("error").get("code").asText());
        assertTrue(authorized(other), "no session ended");
        assertTrue(login(PASSWORD).wellFormed(), "the password is unchanged");
    }

    @Test
    void wrongCurrentPasswordsCountWithFailedLoginsUntil429() {
        SessionToken caller = login(PASSWORD);
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertEquals(
                    403,
                    changePassword(caller, body("guess number " + attempt, NEW_PASSWORD))
                            .get("statusCode")
                            .asInt());
        }
        int hashedBefore = hasher.verifications.get();
        JsonNode refused = changePassword(caller, body(PASSWORD, NEW_PASSWORD));
        assertEquals(
                429,
                refused.get("statusCode").asInt(),
                "even the right password, once the account's window is used up");
        assertEquals(
                "TOO_MANY_ATTEMPTS",
                Lambda.body(refused).get("error").get("code").asText());
        assertTrue(refused.get("headers").has("retry-after")
                || refused.get("headers").has("Retry-After"));
        assertEquals(hashedBefore, hasher.verifications.get(), "refused before any hashing");
        assertThrows(RateLimiter.TooManyAttempts.class, () -> login(PASSWORD), "the same window as the login");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "short",
                "",
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            })
    void aWeakNewPasswordIs400WithNothingCountedOrChanged(String weak) {
        SessionToken caller = login(PASSWORD);
        SessionToken other = login(PASSWORD);
        JsonNode answer = changePassword(caller, body(PASSWORD, weak));
        assertEquals(400, answer.get("statusCode").asInt());
        assertEquals(
                "INVALID_PASSWORD", Lambda.body(answer).get("error").get("code").asText());
        assertTrue(authorized(other));
        assertTrue(login(PASSWORD).wellFormed());
        assertTrue(limiter.counts.values().stream().allMatch(n -> n == 0), "nothing counted: " + limiter.counts);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"currentPassword\":\"correct horse battery\"}",
                "{\"newPassword\":\"a longer horse battery\"}",
                "{\"currentPassword\":1,\"newPassword\":\"a longer horse battery\"}",
                "{\"password\":\"x\"}",
                "not json"
            })
    void malformedBodiesAre400(String malformed) {
        SessionToken caller = login(PASSWORD);
        assertEquals(400, changePassword(caller, malformed).get("statusCode").asInt());
        assertTrue(login(PASSWORD).wellFormed());
    }

    @Test
    void aChangeCutShortAfterTheRevocationIsSafeAndARepeatFinishesIt() {
        SessionToken caller = login(PASSWORD);
        SessionToken other = login(PASSWORD);
        // Killed after the ledger entry and the revocation, before the new hash is written.
        stored.beforePasswordHashChange = () -> {
            throw new IllegalStateException("killed");
        };
        assertEquals(
                500,
                changePassword(caller, body(PASSWORD, NEW_PASSWORD))
                        .get("statusCode")
                        .asInt());
        assertEquals(false, authorized(other), "the other sessions ended first");
        assertTrue(authorized(caller));
        SessionToken meanwhile = login(PASSWORD);
        assertEquals(
                200,
                changePassword(caller, body(PASSWORD, NEW_PASSWORD))
                        .get("statusCode")
                        .asInt(),
                "the repeat");
        assertEquals(false, authorized(meanwhile));
        assertTrue(authorized(caller));
        assertTrue(login(NEW_PASSWORD).wellFormed());
    }

    @Test
    void aLoginWithTheOldPasswordThatRacesTheChangeIsEndedToo() {
        SessionToken caller = login(PASSWORD);
        SessionToken[] racing = new SessionToken[1];
        // Between ending the other sessions and writing the new hash, someone logs in with the old password.
        stored.beforePasswordHashChange = () -> racing[0] = login(PASSWORD);
        JsonNode answer = changePassword(caller, body(PASSWORD, NEW_PASSWORD));
        assertEquals(200, answer.get("statusCode").asInt(), answer.toString());
        assertEquals(
                false,
                authorized(racing[0]),
                "the session the old password opened meanwhile is ended by the second sweep");
        assertEquals(1, Lambda.body(answer).get("otherSessionsEnded").asInt());
        assertTrue(authorized(caller));
    }

    @Test
    void aSecondChangeFromAStaleReadIs409() {
        User before = stored.find(userId).orElseThrow();
        assertTrue(stored.changePasswordHash(before, "plain:" + NEW_PASSWORD));
        assertEquals(
                false, stored.changePasswordHash(before, "plain:yet another password"), "conditional on the hash read");
    }

    @Test
    void loggingOutEverywhereEndsEverySessionIncludingTheCallers() {
        SessionToken caller = login(PASSWORD);
        SessionToken other = login(PASSWORD);
        String strangerId = new UserService(stored, hasher, clock)
                .signUp(new Email("grace@example.com"), new Password(PASSWORD), new DisplayName("Grace"))
                .userId();
        SessionToken stranger = sessions.login(new Email("grace@example.com"), new Password(PASSWORD))
                .token();

        ObjectNode event = Lambda.event("logout-everywhere.json");
        ((ObjectNode) event.get("requestContext").get("authorizer").get("lambda")).put("userId", userId);
        JsonNode answer = Lambda.invoke(new LogoutEverywhereHandler(sessions), event);

        assertEquals(200, answer.get("statusCode").asInt());
        assertEquals(2, Lambda.body(answer).get("sessionsEnded").asInt());
        assertEquals(false, authorized(caller));
        assertEquals(false, authorized(other));
        assertTrue(authorized(stranger), "another user's session is untouched: " + strangerId);
    }
}
