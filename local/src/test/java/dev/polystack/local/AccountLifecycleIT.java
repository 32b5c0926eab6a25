package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.local.RolesIT.Account;
import dev.polystack.session.Session;
import dev.polystack.session.SessionToken;
import dev.polystack.session.adapter.DynamoSessionStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The account lifecycle against the local stack (DynamoDB Local, S3Proxy, PostgreSQL behind the Data
 * API emulator): password change, logging out everywhere, the data export, deleting an upload.
 */
class AccountLifecycleIT {
    static final String NEW_PASSWORD = "a much longer horse battery";

    static HttpResponse<String> call(String method, String path, String token, String body) {
        return UserSessionIT.withToken(method, path, token == null ? null : "Bearer " + token, body);
    }

    static String login(String email, String password) {
        HttpResponse<String> response =
                UserSessionIT.post("/sessions", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        assertEquals(201, response.statusCode(), response.body());
        return UserSessionIT.json(response).get("token").asText();
    }

    static int loginStatus(String email, String password) {
        return UserSessionIT.post("/sessions", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")
                .statusCode();
    }

    static int me(String token) {
        return call("GET", "/users/me", token, null).statusCode();
    }

    static String change(String current, String next) {
        return "{\"currentPassword\":\"" + current + "\",\"newPassword\":\"" + next + "\"}";
    }

    /** The user's session pointers in DynamoDB Local. */
    static int sessionPointers(String userId) {
        return UserSessionIT.dynamo()
                .query(q -> q.tableName(LocalBackend.TABLE)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                        .consistentRead(true)
                        .expressionAttributeValues(Map.of(
                                ":pk",
                                AttributeValue.fromS("USER#" + userId),
                                ":prefix",
                                AttributeValue.fromS("SESSION#"))))
                .count();
    }

    @Test
    void changingThePasswordRevokesEveryOtherSessionAtOnce() {
        Account ada = RolesIT.newAccount();
        String phone = login(ada.email(), UserSessionIT.PASSWORD);
        String laptop = login(ada.email(), UserSessionIT.PASSWORD);
        assertEquals(3, sessionPointers(ada.userId()));

        SharedBackend.CALLS.reset();
        HttpResponse<String> changed =
                call("PUT", "/users/me/password", ada.token(), change(UserSessionIT.PASSWORD, NEW_PASSWORD));

        assertEquals(200, changed.statusCode(), changed.body());
        assertEquals(
                List.of(
                        "DynamoDb.GetItem",
                        "DynamoDb.GetItem",
                        "DynamoDb.GetItem",
                        "DynamoDb.UpdateItem",
                        "DynamoDb.UpdateItem",
                        "DynamoDb.PutItem",
                        "DynamoDb.Query",
                        "DynamoDb.TransactWriteItems",
                        "DynamoDb.TransactWriteItems",
                        "DynamoDb.Query"),
                SharedBackend.CALLS.calls(),
                "authorizer; profile; the address read and the account's attempt counted, then given back; the recovery"
                        + " ledger's entry; pointers; the two sessions with their pointers in one transaction; the hash; pointers again (nothing left to end)");
        SharedBackend.CALLS.reset();
        assertEquals(2, UserSessionIT.json(changed).get("otherSessionsEnded").asInt());
        assertEquals(200, me(ada.token()), "the caller's session stays");
        assertEquals(
                List.of("DynamoDb.GetItem", "DynamoDb.Query"),
                SharedBackend.CALLS.calls(),
                "the authorizer still makes one call");
        HttpResponse<String> old = call("GET", "/users/me", phone, null);
        assertEquals(
                403, old.statusCode(), "API Gateway refuses a revoked token (403 Forbidden, as for any unknown token)");
        assertEquals("{\"message\":\"Forbidden\"}", old.body());
        assertEquals(403, me(laptop));
        assertEquals(1, sessionPointers(ada.userId()), "the ended sessions' pointers are gone too");
        assertEquals(401, loginStatus(ada.email(), UserSessionIT.PASSWORD), "the old password no longer logs in");
        assertEquals(200, me(login(ada.email(), NEW_PASSWORD)), "the new one does");
    }

    @Test
    void aWrongCurrentPasswordOrAWeakNewOneChangesNothing() {
        Account ada = RolesIT.newAccount();
        String other = login(ada.email(), UserSessionIT.PASSWORD);

        HttpResponse<String> wrong =
                call("PUT", "/users/me/password", ada.token(), change("not my password", NEW_PASSWORD));
        assertEquals(403, wrong.statusCode(), wrong.body());
        assertEquals(
                "WRONG_CURRENT_PASSWORD",
                UserSessionIT.json(wrong).get("error").get("code").asText());

        HttpResponse<String> weak =
                call("PUT", "/users/me/password", ada.token(), change(UserSessionIT.PASSWORD, "short"));
        assertEquals(400, weak.statusCode(), weak.body());
        assertEquals(
                "INVALID_PASSWORD",
                UserSessionIT.json(weak).get("error").get("code").asText());

        assertEquals(200, me(other), "no session ended");
        assertEquals(201, loginStatus(ada.email(), UserSessionIT.PASSWORD), "the password is unchanged");
        assertEquals(401, loginStatus(ada.email(), NEW_PASSWORD));
    }

    @Test
    void wrongCurrentPasswordsUseUpTheAccountsLoginWindow() {
        Account ada = RolesIT.newAccount();
        // LOGIN_FAILURES_PER_ACCOUNT defaults to 10 per window: the 11th attempt is refused even with the right
        // password.
        for (int attempt = 1; attempt <= 10; attempt++) {
            assertEquals(
                    403,
                    call("PUT", "/users/me/password", ada.token(), change("guess number " + attempt, NEW_PASSWORD))
                            .statusCode());
        }
        HttpResponse<String> refused =
                call("PUT", "/users/me/password", ada.token(), change(UserSessionIT.PASSWORD, NEW_PASSWORD));
        assertEquals(429, refused.statusCode(), refused.body());
        assertEquals(
                "TOO_MANY_ATTEMPTS",
                UserSessionIT.json(refused).get("error").get("code").asText());
        assertTrue(refused.headers().firstValue("retry-after").isPresent());
        assertEquals(
                429,
                loginStatus(ada.email(), UserSessionIT.PASSWORD),
                "guessing here costs the same window as logging in");
    }

    @Test
    void loggingOutEverywhereEndsEverySessionOfTheCallerOnly() {
        Account ada = RolesIT.newAccount();
        String other = login(ada.email(), UserSessionIT.PASSWORD);
        Account grace = RolesIT.newAccount();

        HttpResponse<String> out = call("DELETE", "/sessions", ada.token(), null);

        assertEquals(200, out.statusCode(), out.body());
        assertEquals(2, UserSessionIT.json(out).get("sessionsEnded").asInt());
        assertEquals(403, me(ada.token()), "the caller's own session ended too");
        assertEquals(403, me(other));
        assertEquals(0, sessionPointers(ada.userId()));
        assertEquals(200, me(grace.token()), "another user's session is untouched");
        assertEquals(200, me(login(ada.email(), UserSessionIT.PASSWORD)), "logging in again works");
    }

    @Test
    void moreSessionsThanOneTransactionHoldsAreAllEndedInChunks() {
        Account ada = RolesIT.newAccount();
        var dynamo = UserSessionIT.dynamo();
        DynamoSessionStore store = new DynamoSessionStore(
                DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo).build(), dynamo, LocalBackend.TABLE);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0;
                i < 120;
                i++) { // 120 sessions with their pointers: 240 deletes, three TransactWriteItems of at most 100
            store.put(new Session(SessionToken.generate().hash(), ada.userId(), Set.of(), now, now.plusSeconds(3600)));
        }
        assertEquals(121, sessionPointers(ada.userId()));
        SharedBackend.CALLS.reset();

        HttpResponse<String> out = call("DELETE", "/sessions", ada.token(), null);

        assertEquals(200, out.statusCode(), out.body());
        assertEquals(121, UserSessionIT.json(out).get("sessionsEnded").asInt());
        assertEquals(0, sessionPointers(ada.userId()));
        assertEquals(
                3,
                SharedBackend.CALLS.calls().stream()
                        .filter("DynamoDb.TransactWriteItems"::equals)
                        .count(),
                SharedBackend.CALLS.calls().toString());
        assertEquals(403, me(ada.token()));
    }

    /** A user with one order and one available upload (and one pending): their ids. */
    record Footprint(Account account, String orderId, String uploadId, String pendingUploadId) {}

    static Footprint footprint() throws InterruptedException {
        Account account = RolesIT.newAccount();
        String productId = OrderIT.product(5, 1234);
        HttpResponse<String> placed = SharedBackend.send(SharedBackend.request("/orders")
                .header("Authorization", "Bearer " + account.token())
                .header("content-type", "application/json")
                .header("Idempotency-Key", "export-" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofString(OrderIT.items(productId, 2))));
        assertEquals(201, placed.statusCode(), placed.body());
        JsonNode upload = UploadIT.createPut("Bearer " + account.token(), "image/png", UploadIT.PNG.length);
        assertEquals(200, UploadIT.put(upload.get("url").asText(), "image/png", UploadIT.PNG));
        UploadIT.awaitStatus("Bearer " + account.token(), upload.get("uploadId").asText(), "AVAILABLE");
        JsonNode pending = UploadIT.createPut("Bearer " + account.token(), "image/png", 3);
        return new Footprint(
                account,
                UserSessionIT.json(placed).get("orderId").asText(),
                upload.get("uploadId").asText(),
                pending.get("uploadId").asText());
    }

    static Set<String> ids(JsonNode array, String field) {
        Set<String> ids = new HashSet<>();
        array.forEach(item -> ids.add(item.get(field).asText()));
        return ids;
    }

    @Test
    void theExportHoldsExactlyTheCallersDataBehindAShortLivedUrl() throws Exception {
        Footprint a = footprint();
        Footprint b = footprint();

        java.util.Set<String> announced = java.util.concurrent.ConcurrentHashMap.newKeySet();
        SharedBackend.get().onObjectCreated(created -> announced.add(created.key()));
        HttpResponse<String> answer =
                call("GET", "/users/me/export", a.account().token(), null);

        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode link = UserSessionIT.json(answer);
        Instant expiresAt = Instant.parse(link.get("expiresAt").asText());
        assertTrue(
                expiresAt.isAfter(Instant.now())
                        && expiresAt.isBefore(Instant.now().plus(Duration.ofMinutes(16))),
                "short-lived: " + expiresAt);
        String text = new String(UploadIT.download(link.get("downloadUrl").asText()), StandardCharsets.UTF_8);
        JsonNode export = UserSessionIT.JSON.readTree(text);

        assertEquals(a.account().userId(), export.get("profile").get("userId").asText());
        assertEquals(a.account().email(), export.get("profile").get("email").asText());
        assertEquals(
                Set.of(a.orderId()),
                ids(export.get("orders"), "orderId"),
                "every order of A's, from PostgreSQL, and no other");
        assertEquals(
                2,
                export.get("orders").get(0).get("items").get(0).get("quantity").asInt());
        assertEquals(
                Set.of(a.uploadId(), a.pendingUploadId()),
                ids(export.get("uploads"), "uploadId"),
                "every upload of A's, and no other");
        for (String foreign :
                Set.of(b.account().userId(), b.account().email(), b.orderId(), b.uploadId(), b.pendingUploadId())) {
            assertFalse(text.contains(foreign), "nothing of B's: " + foreign);
        }
        for (String internal : Set.of("passwordHash", "argon2", "\"PK\"", "USER#", "uploads/")) {
            assertFalse(text.contains(internal), "no hash and no internal key: " + internal);
        }

        String prefix = "exports/" + a.account().userId() + "/";
        // The local S3 announces every new object to its subscribers (the completion function among them, registered
        // first) one after another: once this test's listener has heard of the export, they all have, and must leave it
        // alone.
        String exportKey = prefix + link.get("exportId").asText() + ".json";
        for (long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                !announced.contains(exportKey) && System.nanoTime() < deadline; ) {
            Thread.sleep(10);
        }
        assertTrue(announced.contains(exportKey), "the export's ObjectCreated event was delivered");
        assertEquals(
                Set.of(prefix + link.get("exportId").asText() + ".json"),
                Set.copyOf(
                        UploadIT.s3()
                                .listObjectsV2(
                                        r -> r.bucket(LocalBackend.BUCKET).prefix(prefix))
                                .contents()
                                .stream()
                                .map(S3Object::key)
                                .toList()));
        HttpResponse<String> tampered = SharedBackend.send(HttpRequest.newBuilder(URI.create(link.get("downloadUrl")
                        .asText()
                        .replace(a.account().userId(), b.account().userId())))
                .GET());
        assertEquals(403, tampered.statusCode(), "the URL's signature covers the key");
    }

    @Test
    void deletingAnUploadRemovesObjectAndRecordForItsOwnerOnly() throws Exception {
        Footprint a = footprint();
        Account stranger = RolesIT.newAccount();
        String key = "uploads/" + a.account().userId() + "/" + a.uploadId();
        assertTrue(UploadIT.stored(key));

        HttpResponse<String> foreign = call("DELETE", "/uploads/" + a.uploadId(), stranger.token(), null);
        assertEquals(404, foreign.statusCode(), foreign.body());
        assertEquals(
                "UPLOAD_NOT_FOUND",
                UserSessionIT.json(foreign).get("error").get("code").asText());
        assertTrue(UploadIT.stored(key), "another user's delete touches nothing");

        HttpResponse<String> deleted =
                call("DELETE", "/uploads/" + a.uploadId(), a.account().token(), null);
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertFalse(UploadIT.stored(key), "object gone from S3");
        assertNull(uploadRecord(a.account().userId(), a.uploadId()), "record gone from DynamoDB");
        assertEquals(
                404,
                call("GET", "/uploads/" + a.uploadId(), a.account().token(), null)
                        .statusCode());
        assertEquals(
                404,
                call("DELETE", "/uploads/" + a.uploadId(), a.account().token(), null)
                        .statusCode(),
                "a repeat is 404");
    }

    @Test
    void aPendingUploadDeletedBeforeItsBytesArriveStaysDeleted() throws Exception {
        Account ada = RolesIT.newAccount();
        JsonNode upload = UploadIT.createPut("Bearer " + ada.token(), "image/png", UploadIT.PNG.length);
        String uploadId = upload.get("uploadId").asText();
        assertEquals(
                204, call("DELETE", "/uploads/" + uploadId, ada.token(), null).statusCode());

        assertEquals(
                200,
                UploadIT.put(upload.get("url").asText(), "image/png", UploadIT.PNG),
                "the URL signed before still works");
        String key = "uploads/" + ada.userId() + "/" + uploadId;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (UploadIT.stored(key) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(UploadIT.stored(key), "the late object is deleted on arrival");
        assertNull(uploadRecord(ada.userId(), uploadId), "and no record comes back");
        assertEquals(404, call("GET", "/uploads/" + uploadId, ada.token(), null).statusCode());
    }

    static Map<String, AttributeValue> uploadRecord(String userId, String uploadId) {
        Map<String, AttributeValue> item = UserSessionIT.dynamo()
                .getItem(g -> g.tableName(LocalBackend.TABLE)
                        .consistentRead(true)
                        .key(Map.of(
                                "PK",
                                AttributeValue.fromS("USER#" + userId),
                                "SK",
                                AttributeValue.fromS("UPLOAD#" + uploadId))))
                .item();
        return item == null || item.isEmpty() ? null : item;
    }
}
