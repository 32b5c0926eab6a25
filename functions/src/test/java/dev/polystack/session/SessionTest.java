package dev.polystack.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.Lambda;
import dev.polystack.MutableClock;
import dev.polystack.recovery.InMemoryLedger;
import dev.polystack.session.handler.AuthorizerHandler;
import dev.polystack.session.handler.LoginHandler;
import dev.polystack.session.handler.LogoutHandler;
import dev.polystack.shared.DomainException;
import dev.polystack.user.CountingHasher;
import dev.polystack.user.DisplayName;
import dev.polystack.user.Email;
import dev.polystack.user.InMemoryUsers;
import dev.polystack.user.Password;
import dev.polystack.user.UserService;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionTest {
    final InMemoryUsers users = new InMemoryUsers();
    final InMemorySessions store = new InMemorySessions();
    final InMemoryLedger ledger = new InMemoryLedger();
    final CountingHasher hasher = new CountingHasher();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    SessionService sessions;
    String userId;

    @BeforeEach
    void signUp() {
        sessions = new SessionService(users, store, hasher, clock, Duration.ofHours(24), ledger);
        userId = new UserService(users, hasher, clock)
                .signUp(new Email("ada@example.com"), new Password("correct horse battery"), new DisplayName("Ada"))
                .userId();
    }

    @Test
    void loginIssuesATokenWhoseHashAloneIsStored() {
        SessionService.Issued issued =
                sessions.login(new Email("ADA@example.com"), new Password("correct horse battery"));
        assertTrue(issued.token().wellFormed());
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), issued.expiresAt());
        assertTrue(store.byHash.containsKey(issued.token().hash()));
        assertFalse(store.byHash.keySet().contains(issued.token().value()));
    }

    @Test
    void unknownEmailAndWrongPasswordGetTheSameAnswerAfterTheSameWork() {
        int before = hasher.verifications.get();
        DomainException unknown = assertThrows(
                DomainException.class,
                () -> sessions.login(new Email("nobody@example.com"), new Password("correct horse battery")));
        assertEquals(before + 1, hasher.verifications.get(), "an unknown e-mail still costs one password verification");
        DomainException wrong = assertThrows(
                DomainException.class,
                () -> sessions.login(new Email("ada@example.com"), new Password("wrong password!")));
        assertEquals(before + 2, hasher.verifications.get());
        assertEquals(unknown.code(), wrong.code());
        assertEquals(unknown.getMessage(), wrong.getMessage());
        assertEquals("INVALID_CREDENTIALS", wrong.code());
        assertTrue(store.byHash.isEmpty(), "no session written");
    }

    @Test
    void anExpiredSessionIsRejectedEvenThoughItsItemRemains() {
        SessionToken token = sessions.login(new Email("ada@example.com"), new Password("correct horse battery"))
                .token();
        assertEquals(userId, sessions.authenticate(token).orElseThrow().userId());
        clock.now = clock.now.plus(Duration.ofHours(24));
        assertTrue(sessions.authenticate(token).isEmpty());
        assertTrue(store.byHash.containsKey(token.hash()));
    }

    @Test
    void authorizerAllowsAValidBearerTokenWithOneRead() {
        SessionToken token = sessions.login(new Email("ada@example.com"), new Password("correct horse battery"))
                .token();
        ObjectNode event = Lambda.event("authorizer.json");
        event.putArray("identitySource").add("Bearer " + token.value());
        store.reads.set(0);
        JsonNode decision = Lambda.invoke(new AuthorizerHandler(sessions), event);
        assertTrue(decision.get("isAuthorized").asBoolean());
        assertEquals(userId, decision.get("context").get("userId").asText());
        assertEquals(1, store.reads.get());
    }

    @Test
    void authorizerRefusesMalformedHeadersWithoutTouchingTheStore() {
        for (String header : new String[] {
            "", "Bearer", "Basic abc", "Bearer short", "Bearer " + "x".repeat(43) + " extra", "Token " + "x".repeat(43)
        }) {
            ObjectNode event = Lambda.event("authorizer.json");
            event.putArray("identitySource").add(header);
            store.reads.set(0);
            assertFalse(
                    Lambda.invoke(new AuthorizerHandler(sessions), event)
                            .get("isAuthorized")
                            .asBoolean(),
                    header);
            assertEquals(0, store.reads.get(), header);
        }
        ObjectNode unknown = Lambda.event("authorizer.json");
        assertFalse(Lambda.invoke(new AuthorizerHandler(sessions), unknown)
                .get("isAuthorized")
                .asBoolean());
    }

    @Test
    void logoutEndsOnlyTheCallersOwnSession() {
        SessionToken token = sessions.login(new Email("ada@example.com"), new Password("correct horse battery"))
                .token();
        ObjectNode someoneElse = Lambda.event("logout.json");
        ((ObjectNode) someoneElse.get("headers")).put("authorization", "Bearer " + token.value());
        assertEquals(
                401,
                Lambda.invoke(new LogoutHandler(sessions), someoneElse)
                        .get("statusCode")
                        .asInt());
        assertTrue(store.byHash.containsKey(token.hash()));

        ObjectNode own = someoneElse.deepCopy();
        ((ObjectNode) own.get("requestContext").get("authorizer").get("lambda")).put("userId", userId);
        assertEquals(
                204,
                Lambda.invoke(new LogoutHandler(sessions), own)
                        .get("statusCode")
                        .asInt());
        assertTrue(sessions.authenticate(token).isEmpty());
    }

    @Test
    void loginRouteAnswers201WithTokenAnd401ForWrongPassword() {
        JsonNode ok = Lambda.invoke(new LoginHandler(sessions), Lambda.event("login.json"));
        assertEquals(201, ok.get("statusCode").asInt());
        assertTrue(new SessionToken(Lambda.body(ok).get("token").asText()).wellFormed());
        ObjectNode wrong = Lambda.event("login.json");
        wrong.put("body", "{\"email\":\"ada@example.com\",\"password\":\"not the password\"}");
        JsonNode refused = Lambda.invoke(new LoginHandler(sessions), wrong);
        assertEquals(401, refused.get("statusCode").asInt());
        assertEquals(
                "INVALID_CREDENTIALS",
                Lambda.body(refused).get("error").get("code").asText());
    }
}
