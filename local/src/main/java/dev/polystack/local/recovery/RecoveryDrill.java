package dev.polystack.local.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystack.lake.adapter.DynamoCustomerSecrets;
import dev.polystack.local.LocalBackend;
import dev.polystack.local.StackClient;
import dev.polystack.local.lake.LocalLake;
import dev.polystack.local.lambda.Invocation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The recovery rehearsal (docs/recovery.md, issue 26): on a local stack started with point-in-time
 * recovery on, a first workload, T, a second workload with every kind of security change, the stores
 * restored to T ({@link LocalRestore}), the {@code Recover} function invoked as an operator invokes it,
 * and the checks the issue lists, each one's outcome kept for the report.
 *
 * <p>The stores are restored a little apart, as AWS's restores land: DynamoDB's copy is taken just
 * before a last order and a last upload of the first workload, PostgreSQL and S3 at T after them, so
 * the restored DynamoDB lacks an order summary PostgreSQL has and a record for an object S3 has. The
 * reconcile must mend both.
 */
public final class RecoveryDrill {
    static final String PASSWORD = "correct horse battery";
    static final String NEW_PASSWORD = "a much longer horse battery";
    static final String PRODUCT = "00000000-0000-4000-8000-000000000001";
    /** The whole invocation of Recover; the rows after it are its steps, from its answer. */
    public static final String RECOVER_INVOCATION = "Recover invocation";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PNG = "\u0089PNG drill image".getBytes(StandardCharsets.ISO_8859_1);

    /** One timed step of the drill (a restore, a step of Recover). */
    public record Step(String name, Duration took, String detail) {}

    /** One check: what it proves, whether it held, and what was seen. */
    public record Check(String name, boolean passed, String seen) {}

    /** What a run did: T, its steps with their times, the checks, and Recover's answer (null when skipped). */
    public record Result(Instant restorePoint, List<Step> steps, List<Check> checks, JsonNode recoverAnswer) {
        public boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }

        public List<Check> failed() {
            return checks.stream().filter(check -> !check.passed()).toList();
        }
    }

    /** Someone of the drill: id, e-mail, and their tokens by name. */
    record Person(String userId, String email, Map<String, String> tokens) {}

    private final LocalBackend backend;
    private final StackClient client;
    private final Consumer<String> progress;
    private final List<Step> steps = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();

    private RecoveryDrill(LocalBackend backend, Consumer<String> progress) {
        this.backend = backend;
        this.client = new StackClient(backend.gatewayEndpoint());
        this.progress = progress;
    }

    /**
     * Runs the drill on {@code backend} (started with {@code pointInTimeRecovery(true)}). With
     * {@code reconcile} false, {@code Recover} is not invoked: the checks then show what a restore alone
     * leaves wrong.
     */
    public static Result run(LocalBackend backend, boolean reconcile, Consumer<String> progress) {
        return new RecoveryDrill(backend, progress).run(reconcile);
    }

    private Result run(boolean reconcile) {
        long started = System.nanoTime();
        LocalRestore restore = LocalRestore.prepare(backend);
        step("PostgreSQL base backup", started, "pg_backup_start, copy, pg_backup_stop");

        // Workload 1: sign-ups, logins, an administrator, uploads, orders, a cancel.
        started = System.nanoTime();
        Person ada = signUp("ada"); // the administrator whose role is revoked after T
        Person bob = signUp("bob"); // logs out after T
        Person cy = signUp("cy"); // changes the password after T
        Person dee = signUp("dee"); // erases the account after T
        Person eve = signUp("eve"); // orders and uploads on both sides of T
        grantAdmin(ada);
        for (Person person : List.of(ada, bob, cy, dee, eve)) {
            person.tokens().put("first", login(person, PASSWORD));
        }
        ada.tokens().put("admin", login(ada, PASSWORD));
        bob.tokens().put("second", login(bob, PASSWORD));
        int adaAsAdmin = adminCall(ada.tokens().get("admin"));
        String adaUpload = upload(ada);
        String deeUpload = upload(dee);
        String adaOrder = order(ada);
        String deeOrder = order(dee);
        String eveOrder = order(eve);
        String eveCancelled = order(eve);
        expect(
                200,
                send("POST", "/orders/" + eveCancelled + "/cancel", eve.tokens().get("first"), null));
        settle();
        boolean deeHadALakeSecret = lakeSecretItem(dee.userId()) != null;
        LocalRestore.DynamoSnapshot dynamoAtT = restore.snapshotDynamo();
        // After DynamoDB's point, before T: in PostgreSQL and S3, not in the restored DynamoDB.
        String eveLateOrder = order(eve);
        String eveLateUpload = upload(eve);
        step("workload 1", started, "5 sign-ups, 7 logins, 1 grant, 3 uploads, 5 orders, 1 cancel");

        sleep(20);
        Instant t = Instant.now();
        LocalRestore.S3Snapshot s3AtT = restore.snapshotS3();
        sleep(20);
        progress.accept("T = " + t + " (DynamoDB copied "
                + Duration.between(dynamoAtT.at(), t).toMillis() + " ms before)");

        // Workload 2: logouts, a password change, a revocation, an erasure, more orders and uploads.
        started = System.nanoTime();
        expect(204, send("DELETE", "/sessions/current", bob.tokens().get("first"), null));
        expect(204, send("DELETE", "/sessions/current", bob.tokens().get("second"), null));
        expect(
                200,
                send(
                        "PUT",
                        "/users/me/password",
                        cy.tokens().get("first"),
                        "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"" + NEW_PASSWORD + "\"}"));
        revokeAdmin(ada);
        expect(202, send("DELETE", "/users/me", dee.tokens().get("first"), "{\"password\":\"" + PASSWORD + "\"}"));
        String eveAfterT = order(eve);
        String eveUploadAfterT = upload(eve);
        order(ada);
        settle();
        step("workload 2", started, "2 logouts, 1 password change, 1 revocation, 1 erasure, 2 orders, 1 upload");

        LocalRestore.Timings timings = restore.restore(t, dynamoAtT, s3AtT);
        steps.add(new Step(
                "restore PostgreSQL (WAL replay to T, new cluster)",
                timings.postgres(),
                "Data API switched to port " + backend.postgres().port()));
        steps.add(new Step("restore DynamoDB", timings.dynamo(), timings.items() + " items"));
        steps.add(new Step("restore S3", timings.s3(), timings.objects() + " objects"));
        progress.accept("restored: PostgreSQL " + timings.postgres().toMillis() + " ms, DynamoDB "
                + timings.dynamo().toMillis() + " ms, S3 " + timings.s3().toMillis() + " ms");

        JsonNode answer = null;
        if (reconcile) {
            started = System.nanoTime();
            answer = recover("drill-" + UUID.randomUUID(), t);
            step(RECOVER_INVOCATION, started, "the function's first invocation: its start included");
            for (JsonNode recovered : answer.get("steps")) {
                Step step = new Step(
                        "Recover " + recovered.get("step").asText(),
                        Duration.ofMillis(recovered.get("millis").asLong()),
                        recovered.get("did").toString());
                steps.add(step);
                progress.accept("  " + step.name() + ": " + step.took().toMillis() + " ms " + step.detail());
            }
        }

        // The checks.
        check(
                "the restored PostgreSQL holds what was committed before T and nothing after",
                orderIds().containsAll(List.of(adaOrder, deeOrder, eveOrder, eveCancelled, eveLateOrder))
                        && !orderIds().contains(eveAfterT),
                "orders in PostgreSQL: " + orderIds().size());
        checkOrdersAgree();
        checkUploadsAgree(eveLateUpload, eveUploadAfterT);
        int bobFirst = status("GET", "/users/me", bob.tokens().get("first"));
        int bobSecond = status("GET", "/users/me", bob.tokens().get("second"));
        check(
                "no session ended after T works again (bob's two logouts)",
                bobFirst == 403 && bobSecond == 403,
                "GET /users/me with bob's old tokens: " + bobFirst + ", " + bobSecond);
        check(
                "a session not ended after T still works (eve)",
                status("GET", "/users/me", eve.tokens().get("first")) == 200,
                "GET /users/me: " + status("GET", "/users/me", eve.tokens().get("first")));
        int cyOld = loginStatus(cy, PASSWORD);
        int cyNew = loginStatus(cy, NEW_PASSWORD);
        int cySession = status("GET", "/users/me", cy.tokens().get("first"));
        check(
                "the password changed after T: the restored old one opens nothing, a reset is forced",
                cyOld == 401 && cyNew == 401 && cySession == 403,
                "login with the old password " + cyOld + ", with the new " + cyNew + ", old session " + cySession);
        int adaAdmin = adminCall(ada.tokens().get("admin"));
        check(
                "the administrator revoked after T is not one",
                adaAsAdmin != 403 && adaAdmin == 403,
                "administrative call before T " + adaAsAdmin + ", after the recovery " + adaAdmin);
        checkErased(dee, deeHadALakeSecret, deeUpload);
        check(
                "data before T is back: ada's upload is available",
                uploadStatus(ada, adaUpload).equals("AVAILABLE"),
                "ada's upload " + uploadStatus(ada, adaUpload));
        return new Result(t, List.copyOf(steps), List.copyOf(checks), answer);
    }

    // ---- the checks

    /** Every order of a live user has its summary, with PostgreSQL's status; no summary without an order. */
    private void checkOrdersAgree() {
        Map<String, String> truth = new TreeMap<>();
        Set<String> erased = new TreeSet<>();
        try (Connection connection = backend.connectToDatabase();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id::text, user_id::text, status FROM orders")) {
            while (rows.next()) {
                truth.put(rows.getString(1), rows.getString(2) + " " + rows.getString(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> summaries = new TreeMap<>();
        for (Map<String, AttributeValue> item : everyItem()) {
            String pk = item.get("PK").s();
            String sk = item.get("SK").s();
            if (pk.startsWith("USER#") && sk.startsWith("ORDER#")) {
                summaries.put(
                        item.get("orderId").s(),
                        pk.substring("USER#".length()) + " "
                                + item.get("status").s());
            }
        }
        Set<String> liveUsers = new TreeSet<>();
        everyItem().stream()
                .filter(item -> item.get("SK").s().equals("PROFILE"))
                .forEach(item -> liveUsers.add(item.get("PK").s().substring("USER#".length())));
        List<String> disagreements = new ArrayList<>();
        truth.forEach((orderId, owner) -> {
            String userId = owner.split(" ")[0];
            if (!liveUsers.contains(userId)) {
                erased.add(userId);
            } else if (!owner.equals(summaries.get(orderId))) {
                disagreements.add(orderId + ": PostgreSQL " + owner + ", DynamoDB " + summaries.get(orderId));
            }
        });
        summaries.forEach((orderId, owner) -> {
            if (!truth.containsKey(orderId)) {
                disagreements.add(orderId + ": a summary without an order");
            }
        });
        check(
                "orders and summaries agree (PostgreSQL is the truth)",
                disagreements.isEmpty(),
                truth.size() + " orders, " + summaries.size() + " summaries"
                        + (disagreements.isEmpty() ? "" : "; " + disagreements));
    }

    /** Every AVAILABLE record has its object; every object under uploads/ has a record. */
    private void checkUploadsAgree(String lateUpload, String uploadAfterT) {
        S3Client s3 = backend.app().clients().s3();
        Set<String> objects = new TreeSet<>();
        s3.listObjectsV2Paginator(b -> b.bucket(LocalBackend.BUCKET).prefix("uploads/"))
                .contents()
                .forEach(object -> objects.add(object.key()));
        Map<String, String> records = new HashMap<>();
        for (Map<String, AttributeValue> item : everyItem()) {
            if (item.get("SK").s().startsWith("UPLOAD#") && item.containsKey("objectKey")) {
                records.put(item.get("objectKey").s(), item.get("status").s());
            }
        }
        List<String> missing = records.entrySet().stream()
                .filter(record -> record.getValue().equals("AVAILABLE") && !objects.contains(record.getKey()))
                .map(Map.Entry::getKey)
                .toList();
        List<String> orphans =
                objects.stream().filter(key -> !records.containsKey(key)).toList();
        check(
                "uploads and objects agree (every AVAILABLE record has its object, no orphan object)",
                missing.isEmpty() && orphans.isEmpty(),
                records.size() + " records, " + objects.size() + " objects; missing " + missing + ", orphans "
                        + orphans + " (" + lateUpload + " was uploaded between DynamoDB's point and S3's, "
                        + uploadAfterT + " after T)");
    }

    /** dee: gone from DynamoDB (lake secret included), S3, the lake; PostgreSQL keeps no personal data. */
    private void checkErased(Person dee, boolean hadALakeSecret, String upload) {
        int login = loginStatus(dee, PASSWORD);
        List<String> items = everyItem().stream()
                .filter(item -> !item.get("PK").s().equals("ERASURE")) // the job itself, until its grace ends
                .filter(item -> item.toString().contains(dee.userId())
                        || item.toString().contains(dee.email()))
                .map(item -> item.get("PK").s() + "/" + item.get("SK").s())
                .toList();
        boolean secretGone = lakeSecretItem(dee.userId()) == null
                && new DynamoCustomerSecrets(backend.app().clients().dynamo(), LocalBackend.TABLE)
                        .secretOf(dee.userId())
                        .isEmpty();
        S3Client s3 = backend.app().clients().s3();
        List<String> objects = new ArrayList<>();
        for (String bucket : List.of(LocalBackend.BUCKET, LocalLake.BUCKET)) {
            s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().forEach(object -> {
                String content = s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key()))
                        .asString(StandardCharsets.ISO_8859_1);
                if (object.key().contains(dee.userId())
                        || content.contains(dee.userId())
                        || content.contains(dee.email())) {
                    objects.add(bucket + "/" + object.key());
                }
            });
        }
        List<String> rows = postgresRowsMentioning(dee.email());
        long unsettled = unsettledOutbox(dee.userId());
        check(
                "the erased person is gone from every store (DynamoDB incl. LAKE_SECRET, S3, lake; PostgreSQL keeps"
                        + " no personal data)",
                hadALakeSecret
                        && login == 401
                        && items.isEmpty()
                        && secretGone
                        && objects.isEmpty()
                        && rows.isEmpty()
                        && unsettled == 0,
                "had a lake secret at T " + hadALakeSecret + "; login " + login + "; items " + items
                        + "; lake key computable " + !secretGone + "; objects " + objects + " (upload " + upload
                        + "); PostgreSQL rows with the e-mail " + rows + "; unpublished outbox rows " + unsettled);
    }

    private List<String> postgresRowsMentioning(String text) {
        List<String> found = new ArrayList<>();
        try (Connection connection = backend.connectToDatabase();
                Statement statement = connection.createStatement();
                ResultSet tables =
                        statement.executeQuery("SELECT quote_ident(table_name) FROM information_schema.tables"
                                + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
            List<String> names = new ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString(1));
            }
            for (String table : names) {
                try (PreparedStatement count =
                        connection.prepareStatement("SELECT count(*) FROM " + table + " t WHERE t::text LIKE ?")) {
                    count.setString(1, "%" + text + "%");
                    try (ResultSet counted = count.executeQuery()) {
                        counted.next();
                        if (counted.getLong(1) > 0) {
                            found.add(table);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    private long unsettledOutbox(String userId) {
        try (Connection connection = backend.connectToDatabase();
                PreparedStatement statement =
                        connection.prepareStatement("SELECT count(*) FROM outbox WHERE published_at IS NULL"
                                + " AND order_id IN (SELECT id FROM orders WHERE user_id::text = ?)")) {
            statement.setString(1, userId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Set<String> orderIds() {
        Set<String> ids = new TreeSet<>();
        try (Connection connection = backend.connectToDatabase();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id::text FROM orders")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    private Map<String, AttributeValue> lakeSecretItem(String userId) {
        Map<String, AttributeValue> item = backend.app()
                .clients()
                .dynamo()
                .getItem(b -> b.tableName(LocalBackend.TABLE)
                        .consistentRead(true)
                        .key(Map.of(
                                "PK",
                                AttributeValue.fromS("USER#" + userId),
                                "SK",
                                AttributeValue.fromS("LAKE_SECRET"))))
                .item();
        return item == null || item.isEmpty() ? null : item;
    }

    private List<Map<String, AttributeValue>> everyItem() {
        DynamoDbClient dynamo = backend.app().clients().dynamo();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(LocalBackend.TABLE).consistentRead(true))
                .items()
                .forEach(items::add);
        return items;
    }

    // ---- the workload

    private Person signUp(String name) {
        String email = "drill-" + name + "-" + UUID.randomUUID() + "@example.com";
        JsonNode created = expect(
                201,
                send(
                        "POST",
                        "/users",
                        null,
                        "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"" + name + "\"}"));
        return new Person(created.get("userId").asText(), email, new HashMap<>());
    }

    private String login(Person person, String password) {
        return expect(201, send("POST", "/sessions", null, credentials(person, password)))
                .get("token")
                .asText();
    }

    private int loginStatus(Person person, String password) {
        return send("POST", "/sessions", null, credentials(person, password)).statusCode();
    }

    private static String credentials(Person person, String password) {
        return "{\"email\":\"" + person.email() + "\",\"password\":\"" + password + "\"}";
    }

    /** An administrative call: 400 for an administrator (an empty product), 403 for anyone else. */
    private int adminCall(String token) {
        return status("POST", "/products", token, "{}");
    }

    private void grantAdmin(Person person) {
        operator("grant", person);
    }

    private void revokeAdmin(Person person) {
        operator("revoke", person);
    }

    private void operator(String action, Person person) {
        invoke(
                "GrantRole",
                "{\"action\":\"" + action + "\",\"email\":\"" + person.email()
                        + "\",\"role\":\"admin\",\"operator\":\"recovery-drill\"}");
    }

    private JsonNode recover(String recoveryId, Instant restorePoint) {
        JsonNode answer =
                invoke("Recover", "{\"recoveryId\":\"" + recoveryId + "\",\"restorePoint\":\"" + restorePoint + "\"}");
        if (!answer.has("steps")) {
            throw new IllegalStateException("Recover answered " + answer);
        }
        return answer;
    }

    private JsonNode invoke(String function, String event) {
        Invocation invocation = backend.functions()
                .invoke(
                        function,
                        event.getBytes(StandardCharsets.UTF_8),
                        UUID.randomUUID().toString());
        if (invocation.failed()) {
            throw new IllegalStateException(function + " failed: " + invocation.payloadText());
        }
        return parse(invocation.payloadText());
    }

    private String order(Person person) {
        HttpResponse<String> placed = send(
                "POST",
                "/orders",
                person.tokens().get("first"),
                "{\"items\":[{\"productId\":\"" + PRODUCT + "\",\"quantity\":1}]}",
                "Idempotency-Key",
                "drill-" + UUID.randomUUID());
        return expect(201, placed).get("orderId").asText();
    }

    /** An upload by PUT, waited for until the completion function has made it AVAILABLE; its object key. */
    private String upload(Person person) {
        String token = person.tokens().get("first");
        JsonNode upload = expect(
                201,
                send(
                        "POST",
                        "/uploads",
                        token,
                        "{\"fileName\":\"photo.png\",\"contentType\":\"image/png\",\"contentLength\":" + PNG.length
                                + ",\"method\":\"PUT\"}"));
        HttpRequest.Builder put = HttpRequest.newBuilder(
                        URI.create(upload.get("url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(PNG));
        upload.get("headers").fields().forEachRemaining(header -> {
            if (!header.getKey().equalsIgnoreCase("content-length")
                    && !header.getKey().equalsIgnoreCase("host")) {
                put.header(header.getKey(), header.getValue().asText());
            }
        });
        expect(200, send(put));
        String uploadId = upload.get("uploadId").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!uploadStatus(token, uploadId).equals("AVAILABLE")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("upload " + uploadId + " never became AVAILABLE");
            }
            sleep(50);
        }
        return upload.get("key").asText();
    }

    private String uploadStatus(Person person, String objectKey) {
        String uploadId = objectKey.substring(objectKey.lastIndexOf('/') + 1);
        return uploadStatus(person.tokens().get("first"), uploadId);
    }

    private String uploadStatus(String token, String uploadId) {
        HttpResponse<String> response = send("GET", "/uploads/" + uploadId, token, null);
        return response.statusCode() == 200
                ? parse(response.body()).get("status").asText()
                : "HTTP " + response.statusCode();
    }

    /** The relay's and the erasure's schedules run now, and the lake's buffer is delivered. */
    private void settle() {
        backend.schedules().fireAll();
        backend.firehose().flush();
    }

    // ---- HTTP

    private HttpResponse<String> send(String method, String path, String token, String json) {
        return client.send(method, path, token, json);
    }

    private HttpResponse<String> send(
            String method, String path, String token, String json, String header, String value) {
        return client.send(method, path, token, json, header, value);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        return StackClient.send(request);
    }

    private int status(String method, String path, String token) {
        return send(method, path, token, null).statusCode();
    }

    private int status(String method, String path, String token, String json) {
        return send(method, path, token, json).statusCode();
    }

    /** The answer's JSON when its status is {@code status}; else the drill stops there. */
    private static JsonNode expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " "
                    + response.request().uri().getPath() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body().isBlank() ? JSON.createObjectNode() : parse(response.body());
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }

    // ---- bookkeeping

    private void step(String name, long startedNanos, String detail) {
        Step step = new Step(name, Duration.ofNanos(System.nanoTime() - startedNanos), detail);
        steps.add(step);
        progress.accept(name + ": " + step.took().toMillis() + " ms" + (detail.isEmpty() ? "" : " (" + detail + ")"));
    }

    private void check(String name, boolean passed, String seen) {
        checks.add(new Check(name, passed, seen));
        progress.accept((passed ? "PASS " : "FAIL ") + name + " — " + seen);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
