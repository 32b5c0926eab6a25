package dev.polystack.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.Lambda;
import dev.polystack.user.handler.GetMeHandler;
import dev.polystack.user.handler.SignUpHandler;
import dev.polystack.user.handler.UpdateMeHandler;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The user routes fed with the sample events in {@code events/}, over in-memory ports. */
class UserHandlersTest {
    final InMemoryUsers repository = new InMemoryUsers();
    final UserService users = new UserService(repository, new CountingHasher(), Clock.systemUTC());

    static ObjectNode withBody(String eventFile, String body) {
        ObjectNode event = Lambda.event(eventFile);
        event.put("body", body);
        return event;
    }

    static ObjectNode asCaller(String eventFile, String userId) {
        ObjectNode event = Lambda.event(eventFile);
        ((ObjectNode) event.get("requestContext").get("authorizer").get("lambda")).put("userId", userId);
        return event;
    }

    @Test
    void signUpCreatesTheAccountWithANormalisedEmail() {
        ObjectNode event = withBody(
                "sign-up.json",
                "{\"email\":\"  Ada@Example.COM \",\"password\":\"correct horse battery\",\"name\":\" Ada \"}");
        JsonNode response = Lambda.invoke(new SignUpHandler(users), event);
        assertEquals(201, response.get("statusCode").asInt());
        JsonNode body = Lambda.body(response);
        assertEquals("ada@example.com", body.get("email").asText());
        assertEquals("Ada", body.get("name").asText());
        assertTrue(repository.byId.containsKey(body.get("userId").asText()));
    }

    @Test
    void theSameEmailTwiceIs409() {
        assertEquals(
                201,
                Lambda.invoke(new SignUpHandler(users), Lambda.event("sign-up.json"))
                        .get("statusCode")
                        .asInt());
        JsonNode again = Lambda.invoke(new SignUpHandler(users), Lambda.event("sign-up.json"));
        assertEquals(409, again.get("statusCode").asInt());
        assertEquals("EMAIL_TAKEN", Lambda.body(again).get("error").get("code").asText());
    }

    @Test
    void everyKindOfBadSignUpIs400AndWritesNothing() {
        String longName = "n".repeat(101);
        String longEmail = "a".repeat(250) + "@example.com";
        Map<String, String> cases = Map.ofEntries(
                Map.entry("{\"email\":", "MALFORMED_JSON"),
                Map.entry("[]", "INVALID_FIELD_TYPE"),
                Map.entry("{\"password\":\"correct horse\",\"name\":\"A\"}", "MISSING_FIELD"),
                Map.entry("{\"email\":\"a@example.com\",\"name\":\"A\"}", "MISSING_FIELD"),
                Map.entry("{\"email\":\"a@example.com\",\"password\":\"correct horse\"}", "MISSING_FIELD"),
                Map.entry(
                        "{\"email\":\"a@example.com\",\"password\":\"correct horse\",\"name\":\"A\",\"role\":\"admin\"}",
                        "UNKNOWN_FIELD"),
                Map.entry("{\"email\":42,\"password\":\"correct horse\",\"name\":\"A\"}", "INVALID_FIELD_TYPE"),
                Map.entry("{\"email\":\"a@example.com\",\"password\":true,\"name\":\"A\"}", "INVALID_FIELD_TYPE"),
                Map.entry(
                        "{\"email\":\"not-an-email\",\"password\":\"correct horse\",\"name\":\"A\"}", "INVALID_EMAIL"),
                Map.entry(
                        "{\"email\":\"" + longEmail + "\",\"password\":\"correct horse\",\"name\":\"A\"}",
                        "INVALID_EMAIL"),
                Map.entry("{\"email\":\"a@example.com\",\"password\":\"short\",\"name\":\"A\"}", "INVALID_PASSWORD"),
                Map.entry(
                        "{\"email\":\"a@example.com\",\"password\":\"" + "p".repeat(129) + "\",\"name\":\"A\"}",
                        "INVALID_PASSWORD"),
                Map.entry(
                        "{\"email\":\"a@example.com\",\"password\":\"correct horse\",\"name\":\"" + longName + "\"}",
                        "INVALID_NAME"),
                Map.entry(
                        "{\"email\":\"a@example.com\",\"password\":\"correct horse\",\"name\":\"   \"}",
                        "INVALID_NAME"),
                Map.entry(
                        "{\"email\":\"a@example.com\",\"password\":\"correct horse\",\"name\":\"A\\u0007B\"}",
                        "INVALID_NAME"));
        cases.forEach((body, code) -> {
            JsonNode response = Lambda.invoke(new SignUpHandler(users), withBody("sign-up.json", body));
            assertEquals(400, response.get("statusCode").asInt(), body);
            assertEquals(code, Lambda.body(response).get("error").get("code").asText(), body);
        });
        assertTrue(repository.byId.isEmpty(), "nothing written");
    }

    @Test
    void profileAndRenameUseTheAuthorizerIdentityAndTheVersion() {
        String userId = Lambda.body(Lambda.invoke(new SignUpHandler(users), Lambda.event("sign-up.json")))
                .get("userId")
                .asText();

        JsonNode me = Lambda.invoke(new GetMeHandler(users), asCaller("get-me.json", userId));
        assertEquals(200, me.get("statusCode").asInt());
        assertEquals(1, Lambda.body(me).get("version").asLong());
        assertEquals(0, Lambda.body(me).get("recentOrders").size());

        JsonNode renamed = Lambda.invoke(new UpdateMeHandler(users), asCaller("update-me.json", userId));
        assertEquals(200, renamed.get("statusCode").asInt());
        assertEquals(2, Lambda.body(renamed).get("version").asLong());

        JsonNode stale = Lambda.invoke(new UpdateMeHandler(users), asCaller("update-me.json", userId));
        assertEquals(409, stale.get("statusCode").asInt());
        assertEquals(
                "VERSION_CONFLICT", Lambda.body(stale).get("error").get("code").asText());
        assertEquals("Ada King", repository.byId.get(userId).name().value());
        assertEquals(2, repository.byId.get(userId).version());
    }

    @Test
    void aSessionForADeletedAccountIs401() {
        JsonNode me = Lambda.invoke(new GetMeHandler(users), asCaller("get-me.json", "no-such-user"));
        assertEquals(401, me.get("statusCode").asInt());
        assertEquals(
                "ACCOUNT_NOT_FOUND", Lambda.body(me).get("error").get("code").asText());
    }

    @Test
    void withoutAnAuthorizerContextTheRouteRefuses() {
        ObjectNode event = Lambda.event("get-me.json");
        ((ObjectNode) event.get("requestContext")).remove("authorizer");
        assertEquals(
                401,
                Lambda.invoke(new GetMeHandler(users), event).get("statusCode").asInt());
    }
}
