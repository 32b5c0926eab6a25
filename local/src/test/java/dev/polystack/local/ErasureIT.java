package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.account.handler.DeleteMeHandler;
import dev.polystack.account.handler.EraseAccountsHandler;
import dev.polystack.app.AppContext;
import dev.polystack.local.gateway.LocalContext;
import dev.polystack.local.lambda.Invocation;
import dev.polystack.shared.Settings;
import dev.polystack.shared.adapter.DataApi;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.rdsdata.model.BadRequestException;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;

/**
 * {@code DELETE /users/me} against the local stack (DynamoDB Local, S3Proxy, PostgreSQL behind the Data
 * API emulator): a user with sessions, orders, uploads and an export is erased, with a store call of
 * each step failing on the way (a fault-injecting SDK interceptor in front of the real adapters), and
 * after the scheduled pickup no DynamoDB item and no S3 object carries the user's id.
 */
class ErasureIT {
    static final String PASSWORD = "correct horse battery";
    /** SharedBackend sets the functions' ERASURE_GRACE to this. */
    static final Duration GRACE = Duration.ofSeconds(2);

    static final StackClient API = new StackClient(SharedBackend.get().gatewayEndpoint());

    /** Where a step's store call is failed: the call the adapter makes for that step. */
    enum Step {
        ACCEPT(r -> r instanceof PutItemRequest p
                && AttributeValue.fromS("ERASURE").equals(p.item().get("PK"))),
        /** The user context's removal of the profile and e-mail claim, after the job is recorded. */
        REMOVE_ACCOUNT(r -> r instanceof TransactWriteItemsRequest t
                && t.transactItems().stream()
                        .anyMatch(item -> item.delete() != null
                                && AttributeValue.fromS("PROFILE")
                                        .equals(item.delete().key().get("SK")))),
        REVOKE_SESSIONS(r -> r instanceof QueryRequest q
                && q.hasExpressionAttributeValues()
                && AttributeValue.fromS("SESSION#")
                        .equals(q.expressionAttributeValues().get(":prefix"))),
        SETTLE_OUTBOX(r -> r instanceof ExecuteStatementRequest e && e.sql().startsWith("UPDATE outbox")),
        DELETE_OBJECTS(r -> r instanceof DeleteObjectsRequest),
        /** Part of the sweep is done (order summaries, sorted first) when an upload record's deletion fails. */
        DELETE_ITEMS(
                r -> r instanceof DeleteItemRequest d && d.key().get("SK").s().startsWith("UPLOAD#")),
        FINISH(r -> r instanceof DeleteItemRequest d
                && "ERASURE".equals(d.key().get("PK").s()));

        final Predicate<SdkRequest> call;

        Step(Predicate<SdkRequest> call) {
            this.call = call;
        }
    }

    /** Fails every SDK call the armed step makes, as a store that does not answer would (the SDK's retries are spent). */
    static final class Faults implements ExecutionInterceptor {
        volatile Step armed;
        volatile int met;

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            Step step = armed;
            if (step != null && step.call.test(context.request())) {
                met++;
                if (context.request() instanceof ExecuteStatementRequest) {
                    throw BadRequestException.builder()
                            .message("injected failure in " + step)
                            .statusCode(400)
                            .build();
                }
                throw SdkClientException.create("injected failure in " + step);
            }
        }
    }

    /** The erasure's functions built over the stack's stores with {@link Faults} in their SDK clients. */
    static final Faults FAULTS = new Faults();

    static final AppContext FAULTY = faultyContext();

    static AppContext faultyContext() {
        LocalBackend backend = SharedBackend.get();
        Map<String, String> env = new LinkedHashMap<>(backend.app().settings().env());
        env.put("ERASURE_GRACE", GRACE.toString());
        return new AppContext(
                new Settings(env),
                StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalBackend.ACCESS_KEY, LocalBackend.SECRET_KEY)),
                List.of(FAULTS));
    }

    record Account(String userId, String email, String token, List<String> orderIds, JsonNode lateUpload) {}

    /** A user with two sessions, two orders (summaries), an available upload, a pending one, an unused upload URL and an export object. */
    static Account accountWithData() throws Exception {
        String email = "erase-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> signUp = API.send(
                "POST",
                "/users",
                null,
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Leaving\"}");
        assertEquals(201, signUp.statusCode(), signUp.body());
        String userId = StackClient.json(signUp).get("userId").asText();
        String token = login(email);
        login(email);
        String product = OrderIT.product(10, 500);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> placed =
                    API.send("POST", "/orders", token, OrderIT.items(product, 1), "Idempotency-Key", "erase-" + i);
            assertEquals(201, placed.statusCode(), placed.body());
            orders.add(StackClient.json(placed).get("orderId").asText());
        }
        byte[] png = "\u0089PNG an upload to erase".getBytes(StandardCharsets.ISO_8859_1);
        JsonNode upload = createUpload(token, png.length);
        assertEquals(200, ProcessStack.putUpload(upload, png));
        awaitStatus(token, upload.get("uploadId").asText(), "AVAILABLE");
        createUpload(token, 10);
        JsonNode late = createUpload(token, png.length);
        SharedBackend.get()
                .app()
                .clients()
                .s3()
                .putObject(
                        b -> b.bucket(LocalBackend.BUCKET).key("exports/" + userId + "/export-1.json"),
                        RequestBody.fromString("{\"export\":true}"));
        assertEquals(
                2,
                StackClient.json(API.send("GET", "/orders", token, null))
                        .get("items")
                        .size(),
                "the summaries are there");
        assertTrue(traces(userId).size() >= 10, "the user has data everywhere: " + traces(userId));
        return new Account(userId, email, token, orders, late);
    }

    static String login(String email) {
        HttpResponse<String> login =
                API.send("POST", "/sessions", null, "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(201, login.statusCode(), login.body());
        return StackClient.json(login).get("token").asText();
    }

    static JsonNode createUpload(String token, int length) {
        HttpResponse<String> created = API.send(
                "POST",
                "/uploads",
                token,
                "{\"fileName\":\"e.png\",\"contentType\":\"image/png\",\"contentLength\":" + length
                        + ",\"method\":\"PUT\"}");
        assertEquals(201, created.statusCode(), created.body());
        return StackClient.json(created);
    }

    static void awaitStatus(String token, String uploadId, String status) throws InterruptedException {
        for (long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                System.nanoTime() < deadline;
                Thread.sleep(50)) {
            if (status.equals(StackClient.json(API.send("GET", "/uploads/" + uploadId, token, null))
                    .path("status")
                    .asText())) {
                return;
            }
        }
        throw new AssertionError("upload " + uploadId + " never " + status);
    }

    /** Every DynamoDB item and S3 object that carries the user's id anywhere (key or attribute). */
    static List<String> traces(String userId) {
        StoreSnapshot snapshot = StoreSnapshot.of(SharedBackend.get());
        List<String> found = new ArrayList<>();
        snapshot.dynamo().forEach((key, item) -> {
            if (item.contains(userId)) {
                found.add("dynamodb " + key);
            }
        });
        snapshot.s3().keySet().stream().filter(key -> key.contains(userId)).forEach(key -> found.add("s3 " + key));
        // StoreSnapshot leaves the login counters out; they are keyed by a hash of the e-mail, but check them too.
        SharedBackend.get()
                .app()
                .clients()
                .dynamo()
                .scanPaginator(b -> b.tableName(LocalBackend.TABLE).consistentRead(true))
                .items()
                .forEach(item -> {
                    if (item.get("PK").s().startsWith("LIMIT#")
                            && item.toString().contains(userId)) {
                        found.add("dynamodb counter " + item.get("PK").s());
                    }
                });
        return found;
    }

    static JsonNode invoke(RequestStreamHandler handler, String name, byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(
                    new ByteArrayInputStream(event),
                    out,
                    new LocalContext(UUID.randomUUID().toString(), name, 28_000));
            return StackClient.JSON.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample route event, as the gateway would send it for this caller. */
    static byte[] deleteMeEvent(String userId, String body) throws IOException {
        ObjectNode event = (ObjectNode) StackClient.JSON.readTree(
                Files.readAllBytes(InvokeIT.PROJECT.resolve("events").resolve("delete-me.json")));
        ((ObjectNode) event.get("requestContext").get("authorizer").get("lambda")).put("userId", userId);
        event.put("body", body);
        return StackClient.JSON.writeValueAsBytes(event);
    }

    static byte[] scheduleEvent() throws IOException {
        return Files.readAllBytes(InvokeIT.PROJECT.resolve("events").resolve("erase-accounts.json"));
    }

    /**
     * The stack's own EraseAccounts function (no faults), as the schedule runs it, again and again until
     * the job is gone: a run that first revokes the sessions starts the grace, a run once it has passed
     * finishes; the runs in between change nothing. Within three graces and a margin, as three runs of
     * the schedule a grace apart would.
     */
    static void finishByScheduledPickups(String userId) throws Exception {
        long deadline = System.nanoTime() + GRACE.multipliedBy(3).plusSeconds(5).toNanos();
        while (jobLeft(userId) && System.nanoTime() < deadline) {
            Invocation pickup = SharedBackend.get().schedules().fire("EraseAccounts");
            assertFalse(pickup.failed(), pickup.payloadText());
            if (jobLeft(userId)) {
                Thread.sleep(100);
            }
        }
    }

    static boolean jobLeft(String userId) {
        return SharedBackend.get()
                .app()
                .clients()
                .dynamo()
                .getItem(b -> b.tableName(LocalBackend.TABLE)
                        .consistentRead(true)
                        .key(Map.of(
                                "PK", AttributeValue.fromS("ERASURE"), "SK", AttributeValue.fromS("JOB#" + userId))))
                .hasItem();
    }

    static long count(String sql, String userId) {
        return OrderIT.db()
                .execute(sql, DataApi.text("userId", userId))
                .records()
                .get(0)
                .get(0)
                .longValue();
    }

    static void assertErased(Account account) {
        assertEquals(List.of(), traces(account.userId()), "no DynamoDB item and no S3 object carries the user's id");
        assertEquals(
                2,
                count("SELECT count(*) FROM orders WHERE user_id = :userId", account.userId()),
                "the orders stay in PostgreSQL");
        assertEquals(
                0,
                count(
                        "SELECT count(*) FROM outbox o JOIN orders r ON r.id = o.order_id WHERE r.user_id = :userId AND o.published_at IS NULL",
                        account.userId()),
                "and the relay will not project them again");
        HttpResponse<String> login = API.send(
                "POST", "/sessions", null, "{\"email\":\"" + account.email() + "\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(401, login.statusCode(), login.body());
        assertEquals(403, API.send("GET", "/users/me", account.token(), null).statusCode(), "the old session is gone");
        HttpResponse<String> again = API.send(
                "POST",
                "/users",
                null,
                "{\"email\":\"" + account.email() + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Back\"}");
        assertEquals(201, again.statusCode(), "the e-mail address signs up again: " + again.body());
        assertNotEquals(account.userId(), StackClient.json(again).get("userId").asText());
    }

    @Test
    void theRouteAcceptsTheErasureRefusesLoginsAtOnceAndThePickupFinishesIt() throws Exception {
        Account account = accountWithData();
        HttpResponse<String> wrong =
                API.send("DELETE", "/users/me", account.token(), "{\"password\":\"not the password\"}");
        assertEquals(403, wrong.statusCode(), wrong.body());
        assertEquals(
                "WRONG_PASSWORD",
                StackClient.json(wrong).get("error").get("code").asText());

        HttpResponse<String> accepted =
                API.send("DELETE", "/users/me", account.token(), "{\"password\":\"" + PASSWORD + "\"}");
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertEquals("ERASING", StackClient.json(accepted).get("status").asText());
        assertEquals(
                401,
                API.send(
                                "POST",
                                "/sessions",
                                null,
                                "{\"email\":\"" + account.email() + "\",\"password\":\"" + PASSWORD + "\"}")
                        .statusCode(),
                "no login from the moment the request is accepted");
        assertEquals(
                List.of("dynamodb ERASURE|JOB#" + account.userId()),
                traces(account.userId()),
                "only the job is left until the grace has passed");

        // An upload URL issued before the erasure, used after it: the object arrives after the sweep.
        assertEquals(
                200,
                ProcessStack.putUpload(
                        account.lateUpload(), "\u0089PNG an upload to erase".getBytes(StandardCharsets.ISO_8859_1)));
        finishByScheduledPickups(account.userId());
        assertErased(account);
    }

    /** A login that read the credentials before the acceptance and stores its session after it: its own check finds the profile gone. */
    @Test
    void noSessionOutlivesALoginThatRacesTheAcceptance() throws Exception {
        Account account = accountWithData();
        var clients = SharedBackend.get().app().clients();
        var enhanced = software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient.builder()
                .dynamoDbClient(clients.dynamo())
                .build();
        var users = new dev.polystack.user.adapter.DynamoUserRepository(
                clients.dynamo(),
                enhanced,
                LocalBackend.TABLE,
                dev.polystack.order.adapter.DynamoOrderReadModel.ITEMS,
                dev.polystack.upload.adapter.DynamoUploadRepository.ITEMS);
        var sessions =
                new dev.polystack.session.adapter.DynamoSessionStore(enhanced, clients.dynamo(), LocalBackend.TABLE);
        var racing = dev.polystack.session.WriteRace.before(
                sessions,
                () -> assertEquals(
                        202,
                        API.send("DELETE", "/users/me", account.token(), "{\"password\":\"" + PASSWORD + "\"}")
                                .statusCode()));
        var login = new dev.polystack.session.SessionService(
                users,
                racing,
                new dev.polystack.user.adapter.Argon2PasswordHasher(),
                java.time.Clock.systemUTC(),
                Duration.ofHours(1));
        var refused = org.junit.jupiter.api.Assertions.assertThrows(
                dev.polystack.shared.DomainException.class,
                () -> login.login(
                        new dev.polystack.user.Email(account.email()), new dev.polystack.user.Password(PASSWORD)));
        assertEquals("INVALID_CREDENTIALS", refused.code());
        assertEquals(
                List.of("dynamodb ERASURE|JOB#" + account.userId()),
                traces(account.userId()),
                "no session, no pointer");
        finishByScheduledPickups(account.userId());
        assertErased(account);
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void aStoreFailureAtAnyStepIsFinishedByTheScheduledPickup(Step step) throws Exception {
        Account account = accountWithData();
        FAULTS.met = 0;
        FAULTS.armed = step;
        try {
            JsonNode answer = invoke(
                    new DeleteMeHandler(FAULTY.erasure()),
                    "DeleteMe",
                    deleteMeEvent(account.userId(), "{\"password\":\"" + PASSWORD + "\"}"));
            if (step == Step.ACCEPT || step == Step.REMOVE_ACCOUNT) {
                assertEquals(503, answer.get("statusCode").asInt(), answer.toString());
                assertEquals(
                        "ERASURE_UNAVAILABLE",
                        StackClient.JSON
                                .readTree(answer.get("body").asText())
                                .get("error")
                                .get("code")
                                .asText());
                assertEquals(
                        200,
                        API.send("GET", "/users/me", account.token(), null).statusCode(),
                        "nothing changed: the account still works");
            } else {
                assertEquals(202, answer.get("statusCode").asInt(), answer.toString());
                assertEquals(
                        401,
                        API.send(
                                        "POST",
                                        "/sessions",
                                        null,
                                        "{\"email\":\"" + account.email() + "\",\"password\":\"" + PASSWORD + "\"}")
                                .statusCode(),
                        "logins are refused although a later step failed");
            }
            if (step == Step.FINISH) {
                // Pickups before the grace has passed leave the job alone; the first one after it reaches the failing
                // step.
                long deadline =
                        System.nanoTime() + GRACE.multipliedBy(2).plusSeconds(5).toNanos();
                boolean failed = false;
                while (!failed && System.nanoTime() < deadline) {
                    try {
                        invoke(new EraseAccountsHandler(FAULTY.erasure()), "EraseAccounts", scheduleEvent());
                        Thread.sleep(100);
                    } catch (RuntimeException expected) {
                        failed = true;
                    }
                }
                assertTrue(failed, "the pickup after the grace failed at the job's deletion, as a function error");
                assertTrue(
                        traces(account.userId()).contains("dynamodb ERASURE|JOB#" + account.userId()),
                        "the job stays for the next run");
            } else if (step == Step.REMOVE_ACCOUNT) {
                assertEquals(
                        List.of("dynamodb ERASURE|JOB#" + account.userId()),
                        traces(account.userId()).stream()
                                .filter(t -> t.contains("ERASURE"))
                                .toList(),
                        "the job is recorded, so the erasure is not lost");
            } else if (step != Step.ACCEPT) {
                assertFalse(
                        traces(account.userId()).size() <= 1,
                        "the step's failure left data behind: " + traces(account.userId()));
            }
            assertTrue(FAULTS.met > 0, "the fault was met");
        } finally {
            FAULTS.armed = null;
        }
        if (step == Step.ACCEPT || step == Step.REMOVE_ACCOUNT) {
            HttpResponse<String> retried =
                    API.send("DELETE", "/users/me", account.token(), "{\"password\":\"" + PASSWORD + "\"}");
            assertEquals(202, retried.statusCode(), "the client sends it again: " + retried.body());
        }
        finishByScheduledPickups(account.userId());
        assertErased(account);
    }
}
