package dev.polystack.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.Lambda;
import dev.polystack.LogLines;
import dev.polystack.recovery.InMemoryLedger;
import dev.polystack.session.handler.AuthorizerHandler;
import dev.polystack.session.handler.GrantRoleHandler;
import dev.polystack.session.handler.GrantUserRoleHandler;
import dev.polystack.session.handler.RevokeUserRoleHandler;
import dev.polystack.shared.DomainException;
import dev.polystack.shared.Operator;
import dev.polystack.shared.Role;
import dev.polystack.user.CountingHasher;
import dev.polystack.user.DisplayName;
import dev.polystack.user.Email;
import dev.polystack.user.InMemoryUsers;
import dev.polystack.user.Password;
import dev.polystack.user.UserService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Roles: made by an operator, copied into sessions, passed on by the authorizer, changed by administrators at once. */
class RolesTest {
    final InMemoryUsers users = new InMemoryUsers();
    final InMemorySessions store = new InMemorySessions();
    final SessionService sessions =
            new SessionService(users, store, new CountingHasher(), Clock.systemUTC(), Duration.ofHours(1));
    final InMemoryLedger ledger = new InMemoryLedger();
    final RoleService roles = new RoleService(users, store, Clock.systemUTC(), ledger);
    String adaId;

    @BeforeEach
    void signUp() {
        adaId = new UserService(users, new CountingHasher(), Clock.systemUTC())
                .signUp(new Email("ada@example.com"), new Password("correct horse battery"), new DisplayName("Ada"))
                .userId();
    }

    SessionToken login(String email) {
        return sessions.login(new Email(email), new Password("correct horse battery"))
                .token();
    }

    JsonNode authorize(SessionToken token) {
        ObjectNode event = Lambda.event("authorizer.json");
        event.putArray("identitySource").add("Bearer " + token.value());
        return Lambda.invoke(new AuthorizerHandler(sessions), event);
    }

    static ObjectNode operatorEvent(String action, String email, String role, String operator) {
        ObjectNode event = Lambda.event("grant-role.json");
        event.put("action", action).put("email", email).put("role", role).put("operator", operator);
        return event;
    }

    static ObjectNode asCaller(String eventFile, String userId, String roles, String targetUserId) {
        ObjectNode event = Lambda.event(eventFile);
        ((ObjectNode) event.get("requestContext").get("authorizer").get("lambda"))
                .put("userId", userId)
                .put("roles", roles);
        ((ObjectNode) event.get("pathParameters")).put("userId", targetUserId);
        return event;
    }

    @Test
    void anOperatorMakesTheFirstAdministratorAndTheirOpenSessionCarriesTheRoleAtOnce() {
        SessionToken token = login("ada@example.com");
        assertEquals("", authorize(token).get("context").get("roles").asText(), "no roles after sign-up");

        JsonNode answer = Lambda.invoke(new GrantRoleHandler(roles), Lambda.event("grant-role.json"));
        assertEquals(adaId, answer.get("userId").asText(), answer.toString());
        assertEquals(List.of("admin"), List.of(answer.get("roles").get(0).asText()));
        assertTrue(answer.get("changed").asBoolean());
        assertEquals(1, answer.get("sessionsUpdated").asInt());

        JsonNode decision = authorize(token);
        assertEquals(adaId, decision.get("context").get("userId").asText());
        assertEquals("admin", decision.get("context").get("roles").asText());
        assertEquals(
                "admin",
                authorize(login("ada@example.com")).get("context").get("roles").asText(),
                "a new login copies the role");
        assertEquals(List.of("operator:ops@example.com granted admin of " + adaId), users.roleChanges);
    }

    @Test
    void everyRoleChangeIsOnTheLogLineWithWhoMadeIt() {
        try (LogLines logs = LogLines.capture()) {
            Lambda.invoke(new GrantRoleHandler(roles), Lambda.event("grant-role.json"));
            JsonNode change = logs.invocations().get(0).get("roleChange");
            assertEquals("operator:ops@example.com", change.get("actor").asText(), change.toString());
            assertEquals(adaId, change.get("userId").asText());
            assertEquals("grant", change.get("change").asText());
            assertEquals("admin", change.get("role").asText());
        }
    }

    @Test
    void anAdministratorRevokesAnotherAdministratorWhoseNextRequestCarriesNoRole() {
        Lambda.invoke(new GrantRoleHandler(roles), Lambda.event("grant-role.json"));
        String bobId = new UserService(users, new CountingHasher(), Clock.systemUTC())
                .signUp(new Email("bob@example.com"), new Password("correct horse battery"), new DisplayName("Bob"))
                .userId();
        SessionToken bob = login("bob@example.com");

        JsonNode granted =
                Lambda.invoke(new GrantUserRoleHandler(roles), asCaller("grant-user-role.json", adaId, "admin", bobId));
        assertEquals(200, granted.get("statusCode").asInt(), granted.toString());
        assertEquals("admin", Lambda.body(granted).get("roles").get(0).asText());
        assertEquals("admin", authorize(bob).get("context").get("roles").asText());

        try (LogLines logs = LogLines.capture()) {
            JsonNode revoked = Lambda.invoke(
                    new RevokeUserRoleHandler(roles), asCaller("revoke-user-role.json", adaId, "admin", bobId));
            assertEquals(200, revoked.get("statusCode").asInt(), revoked.toString());
            assertEquals(0, Lambda.body(revoked).get("roles").size());
            assertEquals(
                    "user:" + adaId,
                    logs.invocations().get(0).get("roleChange").get("actor").asText());
        }
        assertEquals("", authorize(bob).get("context").get("roles").asText());
        assertEquals(Set.of(), users.byId.get(bobId).roles());
    }

    @ParameterizedTest(name = "{0} with roles \"{1}\"")
    @CsvSource({
        "grant-user-role.json,''",
        "revoke-user-role.json,''",
        "grant-user-role.json,'auditor'",
        "revoke-user-role.json,'auditor'"
    })
    void aCallerWithoutTheAdminRoleIs403AndChangesNothing(String eventFile, String callerRoles) {
        Lambda.invoke(new GrantRoleHandler(roles), Lambda.event("grant-role.json"));
        List<String> before = List.copyOf(users.roleChanges);
        JsonNode response = Lambda.invoke(
                eventFile.startsWith("grant") ? new GrantUserRoleHandler(roles) : new RevokeUserRoleHandler(roles),
                asCaller(eventFile, "caller-without-role", callerRoles, adaId));
        assertEquals(403, response.get("statusCode").asInt(), response.toString());
        assertEquals(
                "ADMIN_REQUIRED", Lambda.body(response).get("error").get("code").asText());
        assertEquals(before, users.roleChanges);
        assertEquals(Set.of(Role.ADMIN), users.byId.get(adaId).roles());
    }

    @Test
    void anUnknownRoleOrUserIsA4xxAndChangesNothing() {
        ObjectNode unknownRole = asCaller("grant-user-role.json", adaId, "admin", adaId);
        ((ObjectNode) unknownRole.get("pathParameters")).put("role", "root");
        JsonNode badRole = Lambda.invoke(new GrantUserRoleHandler(roles), unknownRole);
        assertEquals(400, badRole.get("statusCode").asInt());
        assertEquals(
                "INVALID_ROLE", Lambda.body(badRole).get("error").get("code").asText());

        for (String target : List.of("00000000-0000-4000-8000-000000000000", "not-a-user-id")) {
            JsonNode missing = Lambda.invoke(
                    new GrantUserRoleHandler(roles), asCaller("grant-user-role.json", adaId, "admin", target));
            assertEquals(404, missing.get("statusCode").asInt(), target);
            assertEquals(
                    "USER_NOT_FOUND",
                    Lambda.body(missing).get("error").get("code").asText());
        }
        assertTrue(users.roleChanges.isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unknown e-mail", "no operator", "unknown action", "unknown role", "number for text"})
    void theOperatorFunctionAnswersARefusalWithACodeAndChangesNothing(String mistake) {
        ObjectNode event = switch (mistake) {
            case "unknown e-mail" -> operatorEvent("grant", "nobody@example.com", "admin", "ops");
            case "no operator" ->
                (ObjectNode) operatorEvent("grant", "ada@example.com", "admin", "ops")
                        .without("operator");
            case "unknown action" -> operatorEvent("promote", "ada@example.com", "admin", "ops");
            case "unknown role" -> operatorEvent("grant", "ada@example.com", "superuser", "ops");
            default -> operatorEvent("grant", "ada@example.com", "admin", "ops").put("email", 42);
        };
        JsonNode answer = Lambda.invoke(new GrantRoleHandler(roles), event);
        String expected = switch (mistake) {
            case "unknown e-mail" -> "USER_NOT_FOUND";
            case "no operator" -> "MISSING_FIELD";
            case "unknown action" -> "INVALID_ACTION";
            case "unknown role" -> "INVALID_ROLE";
            default -> "INVALID_FIELD_TYPE";
        };
        assertEquals(expected, answer.get("error").get("code").asText(), answer.toString());
        assertTrue(users.roleChanges.isEmpty());
        assertEquals(Set.of(), users.byId.get(adaId).roles());
    }

    @Test
    void aLoginThatRacesARoleChangeStoresTheNewRoles() {
        SessionStore racing = WriteRace.before(
                store, () -> roles.change(new Operator("ops"), new Email("ada@example.com"), Role.ADMIN, true));
        SessionService.Issued issued = new SessionService(
                        users, racing, new CountingHasher(), Clock.systemUTC(), Duration.ofHours(1))
                .login(new Email("ada@example.com"), new Password("correct horse battery"));
        assertEquals(
                Set.of(Role.ADMIN),
                store.byHash.get(issued.token().hash()).roles(),
                "the grant's session update found no session yet; the login's own check stored the new roles");
        assertEquals(
                "admin", authorize(issued.token()).get("context").get("roles").asText());
    }

    @Test
    void aLoginThatRacesAnErasureEndsItsSessionAndIsRefused() {
        SessionStore racing = WriteRace.before(store, () -> users.removeAccount(adaId));
        SessionService racingLogin =
                new SessionService(users, racing, new CountingHasher(), Clock.systemUTC(), Duration.ofHours(1));
        DomainException refused = assertThrows(
                DomainException.class,
                () -> racingLogin.login(new Email("ada@example.com"), new Password("correct horse battery")));
        assertEquals("INVALID_CREDENTIALS", refused.code());
        assertTrue(store.byHash.isEmpty(), "the session stored before the check is gone: " + store.byHash);
    }
}
