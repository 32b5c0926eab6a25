package dev.polystack.local.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.lake.CustomerKey;
import dev.polystack.lake.LakeDelivery;
import dev.polystack.lake.LakeTable;
import dev.polystack.lake.NamedQuery;
import dev.polystack.lake.adapter.DynamoCustomerSecrets;
import dev.polystack.lake.adapter.FirehoseLakeStream;
import dev.polystack.lake.adapter.RdsDataLakeOutbox;
import dev.polystack.local.Lanes;
import dev.polystack.local.LocalBackend;
import dev.polystack.local.StackClient;
import dev.polystack.local.StackOptions;
import dev.polystack.local.lambda.Invocation;
import dev.polystack.shared.adapter.DataApi;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The order lake end to end on a stack of its own (so the lake and PostgreSQL hold exactly the same
 * orders): orders placed, cancelled, shipped and delivered through the API; the outbox delivered to
 * the Firehose emulator by the relay's {@link LakeDelivery}, once killed between Firehose's acceptance
 * and the outbox mark and once under Firehose throttling; then every named query over the Parquet
 * lake (DuckDB) must equal the same question asked of PostgreSQL. And an erased customer's key can no
 * longer be recomputed, while nothing in the lake ever held their id or e-mail.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Lanes.OWN_STACKS)
class OrderLakeIT {
    static final String PASSWORD = "correct horse battery";
    /** PostgreSQL's answer to each named query's question, with the first day bound to every ?. */
    static final Map<NamedQuery, String> TRUTH = Map.of(
            NamedQuery.DAILY_REVENUE, """
                    SELECT to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(DISTINCT o.id) AS orders,
                           sum(i.quantity * i.unit_price_cents) AS revenue_cents
                    FROM orders o JOIN order_items i ON i.order_id = o.id
                    WHERE o.status <> 'CANCELLED' AND to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') >= ?
                    GROUP BY 1 ORDER BY 1""",
            NamedQuery.TOP_PRODUCTS_BY_UNITS, """
                    SELECT i.product_id::text AS product_id, i.sku, sum(i.quantity) AS units, sum(i.quantity * i.unit_price_cents) AS revenue_cents
                    FROM orders o JOIN order_items i ON i.order_id = o.id
                    WHERE o.status <> 'CANCELLED' AND to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') >= ?
                    GROUP BY 1, 2 ORDER BY units DESC, i.product_id::text COLLATE "C", i.sku COLLATE "C" LIMIT 10""",
            NamedQuery.TOP_PRODUCTS_BY_REVENUE, """
                    SELECT i.product_id::text AS product_id, i.sku, sum(i.quantity) AS units, sum(i.quantity * i.unit_price_cents) AS revenue_cents
                    FROM orders o JOIN order_items i ON i.order_id = o.id
                    WHERE o.status <> 'CANCELLED' AND to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') >= ?
                    GROUP BY 1, 2 ORDER BY revenue_cents DESC, i.product_id::text COLLATE "C", i.sku COLLATE "C" LIMIT 10""",
            NamedQuery.CANCELLATION_RATE, """
                    SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS orders,
                           count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled,
                           round(count(*) FILTER (WHERE status = 'CANCELLED')::numeric / count(*), 4) AS rate
                    FROM orders WHERE to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') >= ?
                    GROUP BY 1 ORDER BY 1""",
            NamedQuery.ORDERS_PER_HOUR, """
                    SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, extract(hour FROM created_at AT TIME ZONE 'UTC')::int AS hour,
                           count(*) AS orders
                    FROM orders WHERE to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') >= ?
                    GROUP BY 1, 2 ORDER BY 1, 2""");

    static LocalBackend backend;
    static StackClient api;
    static S3Client s3;

    /** A relay process dying: not an exception the delivery could handle, it simply stops. */
    static final class Killed extends Error {}

    @BeforeAll
    static void start() {
        // Every account here signs up and logs in from 127.0.0.1: per-address limits high enough for them.
        backend = LocalBackend.start(StackOptions.forTests()
                .withFunctionVariables(Map.of("SIGNUPS_PER_IP", "100000", "LOGIN_FAILING_ACCOUNTS_PER_IP", "10000")));
        api = new StackClient(backend.gatewayEndpoint());
        s3 = backend.app().clients().s3();
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    record Account(String userId, String email, String token) {}

    static Account account() {
        String email = "lake-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> signUp = api.send(
                "POST",
                "/users",
                null,
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Lake\"}");
        assertEquals(201, signUp.statusCode(), signUp.body());
        HttpResponse<String> login =
                api.send("POST", "/sessions", null, "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        String token = StackClient.json(login).get("token").asText();
        String userId = StackClient.json(api.send("GET", "/users/me", token, null))
                .get("userId")
                .asText();
        return new Account(userId, email, token);
    }

    static Account admin() {
        Account account = account();
        String event = "{\"source\":\"polystack.operator\",\"action\":\"grant\",\"email\":\"" + account.email()
                + "\",\"role\":\"admin\",\"operator\":\"lake-it\"}";
        Invocation granted = backend.functions()
                .invoke(
                        "GrantRole",
                        event.getBytes(StandardCharsets.UTF_8),
                        UUID.randomUUID().toString());
        assertFalse(granted.failed(), granted.payloadText());
        return account;
    }

    static DataApi db() {
        return new DataApi(
                backend.app().clients().rdsData(),
                LocalBackend.CLUSTER_ARN,
                LocalBackend.SECRET_ARN,
                backend.settings().dbName());
    }

    static String product(long priceCents) {
        String id = UUID.randomUUID().toString();
        db().execute(
                        "INSERT INTO products (id, sku, name, price_cents, stock) VALUES (:id, :sku, 'Lake product', :price, 100000)",
                        DataApi.uuid("id", id),
                        DataApi.text("sku", "L-" + id.substring(0, 8)),
                        DataApi.number("price", priceCents));
        return id;
    }

    static String order(Account account, String... productAndQuantity) {
        StringBuilder items = new StringBuilder("{\"items\":[");
        for (int i = 0; i < productAndQuantity.length; i += 2) {
            items.append(i == 0 ? "" : ",")
                    .append("{\"productId\":\"")
                    .append(productAndQuantity[i])
                    .append("\",\"quantity\":")
                    .append(productAndQuantity[i + 1])
                    .append('}');
        }
        HttpResponse<String> placed = api.send(
                "POST",
                "/orders",
                account.token(),
                items.append("]}").toString(),
                "Idempotency-Key",
                UUID.randomUUID().toString());
        assertEquals(201, placed.statusCode(), placed.body());
        return StackClient.json(placed).get("orderId").asText();
    }

    static void cancel(Account account, String orderId) {
        assertEquals(
                200,
                api.send("POST", "/orders/" + orderId + "/cancel", account.token(), null)
                        .statusCode());
    }

    static void move(Account admin, String orderId, String status) {
        HttpResponse<String> moved =
                api.send("POST", "/orders/" + orderId + "/status", admin.token(), "{\"status\":\"" + status + "\"}");
        assertEquals(200, moved.statusCode(), moved.body());
    }

    static LakeDelivery delivery(dev.polystack.lake.LakeStream stream) {
        return new LakeDelivery(
                new RdsDataLakeOutbox(db()),
                new DynamoCustomerSecrets(backend.app().clients().dynamo(), LocalBackend.TABLE),
                stream,
                Duration.ofMillis(300));
    }

    static FirehoseLakeStream firehose() {
        return new FirehoseLakeStream(backend.app().clients().firehose(), LocalLake.STREAM);
    }

    /** The relay's runs until the outbox is all delivered, then Firehose's buffers written out. */
    static void deliverEverything() {
        for (int run = 0; run < 20; run++) {
            if (delivery(firehose()).deliver().undelivered() == 0
                    && new RdsDataLakeOutbox(db()).undelivered(1).isEmpty()) {
                backend.firehose().flush();
                return;
            }
        }
        throw new AssertionError("the outbox is still not delivered after 20 runs");
    }

    static List<List<String>> postgres(String sql, String firstDay) throws Exception {
        try (Connection connection = backend.connectToDatabase();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, firstDay);
            try (ResultSet rows = statement.executeQuery()) {
                List<List<String>> answer = new ArrayList<>();
                while (rows.next()) {
                    List<String> row = new ArrayList<>();
                    for (int c = 1; c <= rows.getMetaData().getColumnCount(); c++) {
                        row.add(rows.getString(c));
                    }
                    answer.add(row);
                }
                return normalised(answer);
            }
        }
    }

    /** Numbers compared as numbers (PostgreSQL prints 0.5000, DuckDB 0.5), everything else as text. */
    static List<List<String>> normalised(List<List<String>> rows) {
        return rows.stream()
                .map(row -> row.stream()
                        .map(cell -> {
                            if (cell != null && cell.matches("-?\\d+(\\.\\d+)?")) {
                                return new BigDecimal(cell).stripTrailingZeros().toPlainString();
                            }
                            return cell;
                        })
                        .toList())
                .toList();
    }

    @Test
    void everyNamedQueryOverTheLakeEqualsPostgresEvenAfterARelayKilledMidDeliveryAndThrottling() throws Exception {
        Account admin = admin();
        List<Account> customers = List.of(account(), account(), account());
        String cheap = product(250);
        String dear = product(12_500);
        String middle = product(1_999);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Account customer = customers.get(i % customers.size());
            orders.add(
                    switch (i % 4) {
                        case 0 -> order(customer, cheap, "3");
                        case 1 -> order(customer, dear, "1", middle, "2");
                        case 2 -> order(customer, middle, "1", cheap, "5", dear, "2");
                        default -> order(customer, dear, "4");
                    });
        }
        cancel(customers.get(0), orders.get(0));
        cancel(customers.get(1), orders.get(1));
        cancel(customers.get(2), orders.get(5));
        for (int i : List.of(2, 3, 4, 6)) {
            move(admin, orders.get(i), "SHIPPED");
        }
        move(admin, orders.get(2), "DELIVERED");
        move(admin, orders.get(3), "DELIVERED");

        // A relay dies right after Firehose accepted its first batch, before it could mark anything.
        FirehoseLakeStream real = firehose();
        assertThrows(
                Killed.class,
                () -> delivery(records -> {
                            real.put(records);
                            throw new Killed();
                        })
                        .deliver());
        assertFalse(
                new RdsDataLakeOutbox(db()).undelivered(1).isEmpty(),
                "nothing was marked: every change is still to deliver");
        // The re-run meets Firehose throttling: records fail one by one and are sent again.
        backend.firehose().limitRecordsPerSecond(7);
        try {
            deliverEverything();
        } finally {
            backend.firehose()
                    .limitRecordsPerSecond(dev.polystack.local.firehose.FirehoseEmulator.DEFAULT_RECORDS_PER_SECOND);
        }

        try (LakeQuery lake = LocalLake.query(s3)) {
            long rows = Long.parseLong(lake.run("SELECT count(*) FROM " + LakeTable.TABLE)
                    .rows()
                    .get(0)
                    .get(0));
            long facts =
                    Long.parseLong(lake.run("SELECT count(*) FROM (SELECT DISTINCT order_id, version, product_id FROM "
                                    + LakeTable.TABLE + ") f")
                            .rows()
                            .get(0)
                            .get(0));
            assertTrue(
                    rows > facts,
                    "the killed run's batch is in the lake twice (" + rows + " rows, " + facts
                            + " facts): the dedupe is exercised");
            assertTrue(lake.files() >= 1);
            String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
            for (NamedQuery query : NamedQuery.values()) {
                for (String firstDay : List.of("2000-01-01", today)) {
                    assertEquals(
                            postgres(TRUTH.get(query), firstDay),
                            normalised(lake.run(query.sql(), NamedQuery.parameters(firstDay))
                                    .rows()),
                            query.id() + " since " + firstDay);
                }
            }
            assertFalse(lake.run(NamedQuery.DAILY_REVENUE.sql(), NamedQuery.parameters("2000-01-01"))
                    .rows()
                    .isEmpty());
        }
    }

    @Test
    void erasedCustomersKeyCannotBeRecomputedAndTheLakeNeverHeldTheirIdOrEmail() throws Exception {
        Account admin = admin();
        Account customer = account();
        String productId = product(999);
        String orderId = order(customer, productId, "2");
        deliverEverything();
        var dynamo = backend.app().clients().dynamo();
        Map<String, AttributeValue> secretKey = Map.of(
                "PK", AttributeValue.fromS("USER#" + customer.userId()), "SK", AttributeValue.fromS("LAKE_SECRET"));
        byte[] secret = dynamo.getItem(
                        r -> r.tableName(LocalBackend.TABLE).key(secretKey).consistentRead(true))
                .item()
                .get("secret")
                .b()
                .asByteArray();
        String pseudonym = CustomerKey.of(secret, customer.userId());
        try (LakeQuery lake = LocalLake.query(s3)) {
            assertEquals(
                    List.of(List.of(pseudonym)),
                    lake.run("SELECT DISTINCT customer_key FROM order_events WHERE order_id = ?", orderId)
                            .rows(),
                    "while the account lives, its orders carry the key its secret makes");
        }

        HttpResponse<String> erased =
                api.send("DELETE", "/users/me", customer.token(), "{\"password\":\"" + PASSWORD + "\"}");
        assertEquals(202, erased.statusCode(), erased.body());
        move(admin, orderId, "SHIPPED");
        deliverEverything();

        assertTrue(
                dynamo.getItem(r ->
                                r.tableName(LocalBackend.TABLE).key(secretKey).consistentRead(true))
                        .item()
                        .isEmpty(),
                "the secret is destroyed");
        assertTrue(
                new DynamoCustomerSecrets(dynamo, LocalBackend.TABLE)
                        .secretOf(customer.userId())
                        .isEmpty(),
                "and no new one can be made");
        String secretHex = HexFormat.of().formatHex(secret);
        dynamo.scanPaginator(r -> r.tableName(LocalBackend.TABLE))
                .items()
                .forEach(item -> item.values().forEach(value -> {
                    assertFalse(
                            value.b() != null
                                    && HexFormat.of()
                                            .formatHex(value.b().asByteArray())
                                            .equals(secretHex),
                            "no copy of the secret is left: " + item);
                }));
        try (LakeQuery lake = LocalLake.query(s3)) {
            List<List<String>> versions = lake.run(
                            "SELECT version, customer_key FROM order_events WHERE order_id = ? ORDER BY version",
                            orderId)
                    .rows();
            assertEquals(
                    List.of(List.of("1", pseudonym), java.util.Arrays.asList("2", null)),
                    versions,
                    "a change after the erasure carries no key at all");
            assertEquals(
                    List.of(List.of("1")),
                    lake.run("SELECT count(DISTINCT order_id) FROM order_events WHERE order_id = ?", orderId)
                            .rows(),
                    "the order still counts in the aggregates");
            // Every byte of every object of the lake bucket (table and error prefix), and every text cell of the table.
            try (Stream<Path> files = Files.walk(lake.directory())) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    assertFalse(content.contains(customer.userId()), file + " holds the user id");
                    assertFalse(content.contains(customer.email()), file + " holds the e-mail");
                }
            }
            String cells = lake.run("SELECT string_agg(CAST(COLUMNS(*) AS VARCHAR), '|') FROM order_events")
                    .rows()
                    .toString();
            assertFalse(cells.contains(customer.userId()));
            assertFalse(cells.contains(customer.email()));
        }
        s3.listObjectsV2Paginator(r -> r.bucket(LocalLake.BUCKET)).contents().forEach(object -> {
            String content = s3.getObjectAsBytes(r -> r.bucket(LocalLake.BUCKET).key(object.key()))
                    .asString(StandardCharsets.ISO_8859_1);
            assertFalse(content.contains(customer.userId()) || content.contains(customer.email()), object.key());
        });
    }
}
