package dev.polystack.local.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.local.LocalBackend;
import dev.polystack.local.StackClient;
import dev.polystack.local.StackOptions;
import dev.polystack.local.lambda.Invocation;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Recover to T against a stack of its own: a first workload, T, a second workload with every kind of
 * security change (a logout, a logout everywhere, a password change, an operator's revocation, an
 * erasure), then DynamoDB put back as it was at T (from a copy of every item taken at T: DynamoDB
 * Local has no point-in-time recovery) with one order summary missing (DynamoDB restored a little
 * before PostgreSQL), then the Recover function, as an operator invokes it. Every change of the second
 * workload holds again (a session the authorizer refuses answers 403), the summary is back, and a second invocation with the same id finds every
 * step done.
 */
class RecoverIT {
    static final String PASSWORD = "correct horse battery";
    static final String NEW_PASSWORD = "a much longer horse battery";
    static final String PRODUCT = "00000000-0000-4000-8000-000000000001";

    static LocalBackend backend;
    static StackClient api;

    @BeforeAll
    static void start() {
        backend = LocalBackend.start(StackOptions.forTests());
        api = new StackClient(backend.gatewayEndpoint());
    }

    @AfterAll
    static void stop() {
        if (backend != null) {
            backend.close();
        }
    }

    record Person(String userId, String email) {}

    static Person signUp() {
        String email = "recover-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> created = api.send(
                "POST",
                "/users",
                null,
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"R\"}");
        assertEquals(201, created.statusCode(), created.body());
        return new Person(StackClient.json(created).get("userId").asText(), email);
    }

    static int loginStatus(Person person, String password) {
        return api.send(
                        "POST",
                        "/sessions",
                        null,
                        "{\"email\":\"" + person.email() + "\",\"password\":\"" + password + "\"}")
                .statusCode();
    }

    static String login(Person person) {
        HttpResponse<String> response = api.send(
                "POST", "/sessions", null, "{\"email\":\"" + person.email() + "\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(201, response.statusCode(), response.body());
        return StackClient.json(response).get("token").asText();
    }

    static HttpResponse<String> as(String token, String method, String path, String body) {
        return api.send(method, path, token, body);
    }

    static JsonNode invoke(String function, String event) {
        Invocation invocation = backend.functions()
                .invoke(
                        function,
                        event.getBytes(StandardCharsets.UTF_8),
                        UUID.randomUUID().toString());
        assertFalse(invocation.failed(), invocation.payloadText());
        try {
            return StackClient.JSON.readTree(invocation.payloadText());
        } catch (Exception e) {
            throw new AssertionError(invocation.payloadText(), e);
        }
    }

    static JsonNode operator(String action, Person person) {
        return invoke(
                "GrantRole",
                "{\"action\":\"" + action + "\",\"email\":\"" + person.email()
                        + "\",\"role\":\"admin\",\"operator\":\"recover-it\"}");
    }

    static JsonNode recover(String recoveryId, Instant restorePoint) {
        return invoke("Recover", "{\"recoveryId\":\"" + recoveryId + "\",\"restorePoint\":\"" + restorePoint + "\"}");
    }

    static List<Map<String, AttributeValue>> everyItem(DynamoDbClient dynamo) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(LocalBackend.TABLE).consistentRead(true))
                .items()
                .forEach(items::add);
        return items;
    }

    @Test
    void everySecurityChangeAfterTheRestorePointHoldsAgainAndTheOrdersAgree() throws Exception {
        DynamoDbClient dynamo = backend.app().clients().dynamo();
        // First workload.
        Person ada = signUp();
        assertEquals("admin", operator("grant", ada).get("roles").get(0).asText());
        String adaPhone = login(ada);
        String adaLaptop = login(ada);
        Person bob = signUp();
        String bobPhone = login(bob);
        String bobLaptop = login(bob);
        Person cy = signUp();
        String cyPhone = login(cy);
        Person dee = signUp();
        String deeToken = login(dee);
        HttpResponse<String> order = api.send(
                "POST",
                "/orders",
                adaLaptop,
                "{\"items\":[{\"productId\":\"" + PRODUCT + "\",\"quantity\":1}]}",
                "Idempotency-Key",
                "recover-it-" + UUID.randomUUID());
        assertEquals(201, order.statusCode(), order.body());
        String orderId = StackClient.json(order).get("orderId").asText();

        Thread.sleep(20);
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        LocalRestore.DynamoSnapshot atT = LocalRestore.snapshotDynamo(backend);
        Thread.sleep(20);

        // Second workload: each kind of security change.
        assertEquals(204, as(adaPhone, "DELETE", "/sessions/current", null).statusCode());
        assertEquals(200, as(bobPhone, "DELETE", "/sessions", null).statusCode());
        HttpResponse<String> changed = as(
                cyPhone,
                "PUT",
                "/users/me/password",
                "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"" + NEW_PASSWORD + "\"}");
        assertEquals(200, changed.statusCode(), changed.body());
        assertEquals(0, operator("revoke", ada).get("roles").size());
        HttpResponse<String> erased = as(deeToken, "DELETE", "/users/me", "{\"password\":\"" + PASSWORD + "\"}");
        assertEquals(202, erased.statusCode(), erased.body());

        // The restore: DynamoDB back to T, and a little behind PostgreSQL (ada's summary not there yet).
        LocalRestore.restoreDynamo(backend, atT);
        dynamo.deleteItem(b -> b.tableName(LocalBackend.TABLE)
                .key(Map.of(
                        "PK", AttributeValue.fromS("USER#" + ada.userId()),
                        "SK", AttributeValue.fromS("ORDER#" + orderId))));
        assertEquals(200, as(adaPhone, "GET", "/users/me", null).statusCode(), "the restore brought the session back");
        assertEquals(201, loginStatus(dee, PASSWORD), "and the erased account");

        JsonNode outcome = recover("it-" + UUID.randomUUID(), t);
        assertEquals(3, outcome.get("steps").size(), outcome.toString());
        assertTrue(outcome.get("steps").get(0).get("did").get("projected").asInt() >= 1, outcome.toString());
        assertEquals(
                1,
                outcome.get("steps")
                        .get(2)
                        .get("did")
                        .get("passwordResetsForced")
                        .asInt(),
                outcome.toString());

        assertEquals(403, as(adaPhone, "GET", "/users/me", null).statusCode(), "ada's logout holds");
        HttpResponse<String> adaMe = as(adaLaptop, "GET", "/users/me", null);
        assertEquals(200, adaMe.statusCode(), "her other session is hers still");
        assertEquals(0, StackClient.json(adaMe).get("roles").size(), "the revocation holds: " + adaMe.body());
        assertEquals(403, as(bobPhone, "GET", "/users/me", null).statusCode(), "bob's logout everywhere holds");
        assertEquals(403, as(bobLaptop, "GET", "/users/me", null).statusCode());
        assertEquals(403, as(cyPhone, "GET", "/users/me", null).statusCode(), "cy's sessions ended");
        assertEquals(401, loginStatus(cy, PASSWORD), "cy's old password opens nothing");
        assertEquals(401, loginStatus(dee, PASSWORD), "dee is erased again");
        assertTrue(
                everyItem(dynamo).stream().noneMatch(item -> item.get("PK").s().equals("USER#" + dee.userId())),
                "nothing of dee's left in DynamoDB");
        HttpResponse<String> orders = as(adaLaptop, "GET", "/orders", null);
        assertTrue(orders.body().contains(orderId), "the summary is projected again: " + orders.body());
    }

    @Test
    void aSecondInvocationWithTheSameIdFindsEveryStepDone() {
        String id = "it-" + UUID.randomUUID();
        Instant t = Instant.now().minusSeconds(60);
        JsonNode first = recover(id, t);
        assertFalse(first.get("steps").get(0).get("resumedPastIt").asBoolean(), first.toString());
        JsonNode second = recover(id, t);
        for (JsonNode step : second.get("steps")) {
            assertTrue(step.get("resumedPastIt").asBoolean(), second.toString());
        }
    }

    @Test
    void aMalformedRequestIsRefusedWithACode() {
        assertEquals(
                "INVALID_RESTORE_POINT",
                invoke("Recover", "{\"recoveryId\":\"x\",\"restorePoint\":\"yesterday\"}")
                        .get("error")
                        .get("code")
                        .asText());
        assertEquals(
                "MISSING_FIELD",
                invoke("Recover", "{\"restorePoint\":\"2026-12-02T17:00:00Z\"}")
                        .get("error")
                        .get("code")
                        .asText());
    }
}
