package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystack.order.adapter.DynamoOrderReadModel;
import dev.polystack.session.SessionToken;
import dev.polystack.shared.DomainException;
import dev.polystack.shared.adapter.SingleTable;
import dev.polystack.upload.adapter.DynamoUploadRepository;
import dev.polystack.user.DisplayName;
import dev.polystack.user.Email;
import dev.polystack.user.User;
import dev.polystack.user.adapter.DynamoUserRepository;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Users and sessions end to end: local gateway, authorizer, handlers, DynamoDB Local. */
class UserSessionIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "correct horse battery";

    static HttpResponse<String> post(String path, String body) {
        return SharedBackend.send(SharedBackend.request(path)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static HttpResponse<String> withToken(String method, String path, String token, String body) {
        HttpRequest.Builder request = SharedBackend.request(path).header("content-type", "application/json");
        if (token != null) {
            request.header("Authorization", token);
        }
        return SharedBackend.send(request.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(response.body(), e);
        }
    }

    static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    static String signUp(String email) {
        HttpResponse<String> response = post(
                "/users", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Test User\"}");
        assertEquals(201, response.statusCode(), response.body());
        return json(response).get("userId").asText();
    }

    static String login(String email) {
        HttpResponse<String> response =
                post("/sessions", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(201, response.statusCode(), response.body());
        return "Bearer " + json(response).get("token").asText();
    }

    static DynamoDbClient dynamo() {
        return SharedBackend.get().app().clients().dynamo();
    }

    static int itemCount() {
        return dynamo().scan(b -> b.tableName(LocalBackend.TABLE).select("COUNT"))
                .count();
    }

    @Test
    void signUpLoginProfileRenameAndLogoutThroughTheGateway() {
        String email = uniqueEmail();
        String userId = signUp(email.toUpperCase());
        String token = login(email);

        HttpResponse<String> me = withToken("GET", "/users/me", token, null);
        assertEquals(200, me.statusCode(), me.body());
        assertEquals(userId, json(me).get("userId").asText());
        assertEquals(email, json(me).get("email").asText());
        assertEquals(1, json(me).get("version").asLong());

        HttpResponse<String> renamed = withToken("PATCH", "/users/me", token, "{\"name\":\"Renamed\",\"version\":1}");
        assertEquals(200, renamed.statusCode(), renamed.body());
        assertEquals(2, json(renamed).get("version").asLong());
        assertEquals(
                "Renamed",
                json(withToken("GET", "/users/me", token, null)).get("name").asText());

        assertEquals(204, withToken("DELETE", "/sessions/current", token, null).statusCode());
        assertEquals(
                403, withToken("GET", "/users/me", token, null).statusCode(), "a revoked token stops working at once");
    }

    @Test
    void staleVersionIs409AndChangesNothing() {
        String email = uniqueEmail();
        signUp(email);
        String token = login(email);
        assertEquals(
                200,
                withToken("PATCH", "/users/me", token, "{\"name\":\"First\",\"version\":1}")
                        .statusCode());
        HttpResponse<String> stale = withToken("PATCH", "/users/me", token, "{\"name\":\"Second\",\"version\":1}");
        assertEquals(409, stale.statusCode());
        assertEquals("VERSION_CONFLICT", json(stale).get("error").get("code").asText());
        JsonNode me = json(withToken("GET", "/users/me", token, null));
        assertEquals("First", me.get("name").asText());
        assertEquals(2, me.get("version").asLong());
    }

    @Test
    void rejectsExpiredSessionEvenWhenItemStillExists() {
        String email = uniqueEmail();
        String userId = signUp(email);
        SessionToken token = SessionToken.generate();
        long past = Instant.now().minusSeconds(60).getEpochSecond();
        Map<String, AttributeValue> key = Map.of(
                SingleTable.PK, AttributeValue.fromS(SingleTable.sessionKey(token.hash())),
                SingleTable.SK, AttributeValue.fromS(SingleTable.SESSION));
        Map<String, AttributeValue> item = new java.util.HashMap<>(key);
        item.put(SingleTable.TYPE, AttributeValue.fromS("SESSION"));
        item.put("userId", AttributeValue.fromS(userId));
        item.put("createdAt", AttributeValue.fromN(Long.toString(past - 86_400)));
        item.put(SingleTable.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(past)));
        dynamo().putItem(b -> b.tableName(LocalBackend.TABLE).item(item));

        assertEquals(
                403,
                withToken("GET", "/users/me", "Bearer " + token.value(), null).statusCode());
        assertTrue(
                dynamo().getItem(b -> b.tableName(LocalBackend.TABLE).key(key)).hasItem(),
                "the expired item is still in the table");
    }

    @Test
    void concurrentSignUpsWithOneEmailCreateExactlyOneAccount() throws Exception {
        SharedBackend
                .get(); // a missing emulator (localstack profile) skips the test here; inside the pool it would be an
        // error
        String email = uniqueEmail();
        int attempts = 8;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                int n = i;
                calls.add(() -> post(
                                "/users",
                                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Racer " + n
                                        + "\"}")
                        .statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : pool.invokeAll(calls)) {
                statuses.add(result.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(attempts - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClaimedEmailIsEmailTakenWhileAClashingProfileIsNot() {
        DynamoUserRepository users = new DynamoUserRepository(
                dynamo(),
                DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo()).build(),
                LocalBackend.TABLE,
                DynamoOrderReadModel.ITEMS,
                DynamoUploadRepository.ITEMS);
        User first = new User(
                UUID.randomUUID().toString(),
                new Email(uniqueEmail()),
                new DisplayName("First"),
                "hash",
                Instant.now(),
                1);
        users.create(first);

        User sameEmail = new User(
                UUID.randomUUID().toString(), first.email(), new DisplayName("Second"), "hash", Instant.now(), 1);
        assertEquals(
                "EMAIL_TAKEN",
                assertThrows(DomainException.class, () -> users.create(sameEmail))
                        .code());

        User sameId =
                new User(first.userId(), new Email(uniqueEmail()), new DisplayName("Third"), "hash", Instant.now(), 1);
        assertThrows(
                TransactionCanceledException.class,
                () -> users.create(sameId),
                "only the profile's condition failed: not EMAIL_TAKEN");
        assertTrue(users.findCredentials(sameId.email()).isEmpty(), "nothing of the cancelled sign-up was written");
    }

    @Test
    void sdkCallsPerUseCase() {
        String email = uniqueEmail();
        signUp(email);

        SharedBackend.CALLS.reset();
        String token = login(email);
        assertEquals(
                List.of(
                        "DynamoDb.GetItem",
                        "DynamoDb.UpdateItem",
                        "DynamoDb.GetItem",
                        "DynamoDb.TransactWriteItems",
                        "DynamoDb.UpdateItem",
                        "DynamoDb.GetItem"),
                SharedBackend.CALLS.calls(),
                "login: the address read, the account's attempt counted, the credentials, the session stored, the"
                        + " attempt given back, the profile's roles read again");

        SharedBackend.CALLS.reset();
        assertEquals(200, withToken("GET", "/users/me", token, null).statusCode());
        assertEquals(
                List.of("DynamoDb.GetItem", "DynamoDb.Query"),
                SharedBackend.CALLS.calls(),
                "authorizer: 1 GetItem; GET /users/me: 1 Query");
    }

    @Test
    void badAuthorizationHeadersAre4xxAndReachNoHandler() {
        String email = uniqueEmail();
        signUp(email);
        String token = login(email);
        assertEquals(401, withToken("GET", "/users/me", null, null).statusCode(), "missing");
        assertEquals(
                403, withToken("GET", "/users/me", "Bearer not-a-token", null).statusCode(), "malformed");
        assertEquals(
                403,
                withToken("GET", "/users/me", token.replace("Bearer ", "Basic "), null)
                        .statusCode(),
                "wrong scheme");
        assertEquals(
                403,
                withToken(
                                "GET",
                                "/users/me",
                                "Bearer " + SessionToken.generate().value(),
                                null)
                        .statusCode(),
                "unknown");
        int before = itemCount();
        assertEquals(
                403,
                withToken(
                                "PATCH",
                                "/users/me",
                                "Bearer " + SessionToken.generate().value(),
                                "{\"name\":\"X\",\"version\":1}")
                        .statusCode());
        assertEquals(before, itemCount(), "nothing written");
    }

    @Test
    void aSessionWhoseAccountWasDeletedIs401() {
        String email = uniqueEmail();
        String userId = signUp(email);
        String token = login(email);
        dynamo().deleteItem(b -> b.tableName(LocalBackend.TABLE)
                .key(Map.of(
                        SingleTable.PK, AttributeValue.fromS(SingleTable.userKey(userId)),
                        SingleTable.SK, AttributeValue.fromS(SingleTable.PROFILE))));
        HttpResponse<String> me = withToken("GET", "/users/me", token, null);
        assertEquals(401, me.statusCode());
        assertEquals("ACCOUNT_NOT_FOUND", json(me).get("error").get("code").asText());
        HttpResponse<String> rename = withToken("PATCH", "/users/me", token, "{\"name\":\"Ghost\",\"version\":1}");
        assertEquals(401, rename.statusCode());
    }

    @Test
    void badSignUpBodiesAre400AndWriteNothing() {
        int before = itemCount();
        for (String body : List.of(
                "{",
                "{\"email\":\"x@example.com\"}",
                "{\"email\":\"bad\",\"password\":\"correct horse\",\"name\":\"A\"}",
                "{\"email\":\"x@example.com\",\"password\":\"correct horse\",\"name\":\"A\",\"extra\":1}")) {
            HttpResponse<String> response = post("/users", body);
            assertEquals(400, response.statusCode(), body);
            assertTrue(json(response).get("error").get("code").isTextual());
        }
        HttpResponse<String> badLogin = post("/sessions", "{\"email\":\"x@example.com\"}");
        assertEquals(400, badLogin.statusCode());
        assertEquals(before, itemCount());
    }
}
