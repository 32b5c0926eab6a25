package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.local.dataapi.DataApiEmulator;
import dev.polystack.order.IdempotencyKey;
import dev.polystack.order.OrderLine;
import dev.polystack.order.OrderReadModel;
import dev.polystack.order.OrderRequest;
import dev.polystack.order.OrderService;
import dev.polystack.order.OrderSummary;
import dev.polystack.order.OutboxRelay;
import dev.polystack.order.Placement;
import dev.polystack.order.adapter.DynamoOrderReadModel;
import dev.polystack.order.adapter.RdsDataOrderRepository;
import dev.polystack.shared.adapter.DataApi;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rdsdata.model.Field;

/** Orders end to end: gateway, authorizer, Data API emulator over PostgreSQL, DynamoDB read model. */
class OrderIT {
    /** Callers racing for one product in the race tests (a flash sale's crowd, within what one test JVM can open). */
    static final int RACERS = 128;

    static DataApi db() {
        LocalBackend backend = SharedBackend.get();
        return new DataApi(
                backend.app().clients().rdsData(),
                LocalBackend.CLUSTER_ARN,
                LocalBackend.SECRET_ARN,
                backend.settings().dbName());
    }

    /** A product of its own per test, so stock assertions are exact. */
    static String product(int stock, long priceCents) {
        String id = UUID.randomUUID().toString();
        db().execute(
                        "INSERT INTO products (id, sku, name, price_cents, stock) VALUES (:id, :sku, 'Test product', :price, :stock)",
                        DataApi.uuid("id", id),
                        DataApi.text("sku", "T-" + id.substring(0, 8)),
                        DataApi.number("price", priceCents),
                        DataApi.number("stock", stock));
        return id;
    }

    static long stock(String productId) {
        return db().execute(
                        "SELECT stock + shard_stock(id) FROM products WHERE id = :id", DataApi.uuid("id", productId))
                .records()
                .get(0)
                .get(0)
                .longValue();
    }

    static long count(String sql, String productId) {
        return db().execute(sql, DataApi.uuid("id", productId))
                .records()
                .get(0)
                .get(0)
                .longValue();
    }

    static long ordersFor(String productId) {
        return count("SELECT count(*) FROM order_items WHERE product_id = :id", productId);
    }

    static String user() {
        String email = UserSessionIT.uniqueEmail();
        UserSessionIT.signUp(email);
        return UserSessionIT.login(email);
    }

    static HttpResponse<String> order(String token, String key, String body) {
        HttpRequest.Builder request = SharedBackend.request("/orders")
                .header("Authorization", token)
                .header("content-type", "application/json");
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return SharedBackend.send(request.POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** As a client should: a 503 (STOCK_BUSY: nothing was written) is retried with the same key, a few times. */
    static HttpResponse<String> orderRetryingBusy(String token, String key, String body) {
        HttpResponse<String> response = order(token, key, body);
        for (int attempt = 1; attempt < 20 && response.statusCode() == 503; attempt++) {
            assertTrue(response.headers().firstValue("retry-after").isPresent(), "a 503 says when to retry");
            try {
                Thread.sleep(50L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            response = order(token, key, body);
        }
        return response;
    }

    static String items(String productId, int quantity) {
        return "{\"items\":[{\"productId\":\"" + productId + "\",\"quantity\":" + quantity + "}]}";
    }

    static HttpResponse<String> get(String token, String path) {
        return SharedBackend.send(
                SharedBackend.request(path).header("Authorization", token).GET());
    }

    @AfterEach
    void noFaultsLeft() {
        SharedBackend.get().dataApi().clearFaults();
    }

    @Test
    void placedOrderCanBeReadBackAndIsListedFromTheReadModel() {
        String token = user();
        String mug = product(10, 1299);
        String lamp = product(3, 8900);
        HttpResponse<String> placed = order(
                token,
                "first",
                "{\"items\":[{\"productId\":\"" + mug + "\",\"quantity\":2}," + "{\"productId\":\"" + lamp
                        + "\",\"quantity\":1},{\"productId\":\"" + mug + "\",\"quantity\":1}]}");
        assertEquals(201, placed.statusCode(), placed.body());
        JsonNode order = UserSessionIT.json(placed);
        assertEquals("CONFIRMED", order.get("status").asText());
        assertEquals(3 * 1299 + 8900, order.get("totalCents").asLong(), "prices come from the database");
        assertEquals(2, order.get("items").size(), "duplicate lines merged");
        assertEquals(7, stock(mug));
        assertEquals(2, stock(lamp));

        HttpResponse<String> read = get(token, "/orders/" + order.get("orderId").asText());
        assertEquals(200, read.statusCode());
        assertEquals(order, UserSessionIT.json(read));

        SharedBackend.CALLS.reset();
        HttpResponse<String> list = get(token, "/orders");
        assertEquals(200, list.statusCode());
        JsonNode first = UserSessionIT.json(list).get("items").get(0);
        assertEquals(order.get("orderId"), first.get("orderId"));
        assertEquals(4, first.get("itemCount").asInt());
        assertEquals(
                1,
                SharedBackend.CALLS.calls().stream()
                        .filter(c -> c.equals("DynamoDb.Query"))
                        .count(),
                "GET /orders is one Query");
        assertEquals(0, SharedBackend.CALLS.count("RdsData"), "GET /orders never touches PostgreSQL");
    }

    @Test
    void theProfileShowsTheFiveNewestOrdersFromTheReadModel() {
        String token = user();
        String productId = product(100, 250);
        List<JsonNode> placed = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            HttpResponse<String> response = order(token, "profile-" + i, items(productId, i));
            assertEquals(201, response.statusCode(), response.body());
            placed.add(UserSessionIT.json(response));
        }
        JsonNode recent = UserSessionIT.json(get(token, "/users/me")).get("recentOrders");
        assertEquals(5, recent.size());
        for (int i = 0; i < 5; i++) {
            JsonNode expected = placed.get(5 - i);
            assertEquals(expected.get("orderId"), recent.get(i).get("orderId"), "newest first");
            assertEquals(expected.get("totalCents"), recent.get(i).get("totalCents"));
            assertEquals(6 - i, recent.get(i).get("itemCount").asInt());
            assertEquals(expected.get("createdAt"), recent.get(i).get("createdAt"));
            assertEquals("CONFIRMED", recent.get(i).get("status").asText());
        }
    }

    /**
     * A writer that skips place_order's advisory lock commits an order under the same key while
     * place_order waits to insert: the function answers with that order (it used to raise a unique
     * violation that Java recognised by its message text).
     */
    @Test
    void placeOrderAnswersWithTheOrderAnotherWriterCommittedUnderItsKey() throws Exception {
        String userId = "writer-" + UUID.randomUUID();
        String productId = product(10, 500);
        OrderRequest request = OrderRequest.of(List.of(new OrderLine(productId, 1)));
        String earlierId = UUID.randomUUID().toString();
        String transaction = db().begin();
        db().executeIn(
                        transaction,
                        "INSERT INTO orders (id, user_id, status, total_cents, idempotency_key, request_hash)"
                                + " VALUES (:id, :user, 'CONFIRMED', 500, 'raced', :hash)",
                        List.of(
                                DataApi.uuid("id", earlierId),
                                DataApi.text("user", userId),
                                DataApi.text("hash", request.hash())));
        db().executeIn(
                        transaction,
                        "INSERT INTO order_items (order_id, product_id, sku, quantity, unit_price_cents)"
                                + " SELECT :id, id, sku, 1, price_cents FROM products WHERE id = :product",
                        List.of(DataApi.uuid("id", earlierId), DataApi.uuid("product", productId)));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Placement> placing = pool.submit(() -> new RdsDataOrderRepository(db())
                    .place(UUID.randomUUID().toString(), userId, new IdempotencyKey("raced"), request));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (db().execute(
                                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%place_order(%'"
                                            + " AND pid <> pg_backend_pid()")
                            .records()
                            .get(0)
                            .get(0)
                            .longValue()
                    == 0) {
                assertTrue(System.nanoTime() < deadline, "place_order never waited on the uncommitted order");
                Thread.sleep(20);
            }
            db().commit(transaction);
            Placement placement = placing.get(30, TimeUnit.SECONDS);
            assertEquals(
                    earlierId,
                    assertInstanceOf(Placement.Existing.class, placement)
                            .order()
                            .orderId());
            assertEquals(10, stock(productId), "the second attempt changed no stock");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void dataApiCallsPerOrder() {
        String token = user();
        String productId = product(5, 500);
        SharedBackend.CALLS.reset();
        assertEquals(201, order(token, "count-calls", items(productId, 1)).statusCode());
        long dataApiCalls = SharedBackend.CALLS.count("RdsData");
        System.out.println("[measure] Data API calls per POST /orders: " + dataApiCalls
                + " (1 atomic place_order statement + 1 outbox acknowledgement); DynamoDB calls: "
                + SharedBackend.CALLS.count("DynamoDb")
                + " (authorizer GetItem + summary TransactWriteItems: profile ConditionCheck + versioned Put)");
        assertEquals(2, dataApiCalls);
        assertEquals(
                List.of(
                        "DynamoDb.GetItem",
                        "RdsData.ExecuteStatement",
                        "DynamoDb.TransactWriteItems",
                        "RdsData.ExecuteStatement"),
                SharedBackend.CALLS.calls());
    }

    @Test
    void outOfStockIs409NamingTheProductAndWritesNothing() {
        String token = user();
        String plenty = product(100, 100);
        String scarce = product(1, 100);
        HttpResponse<String> refused = order(
                token,
                "too-many",
                "{\"items\":[{\"productId\":\"" + plenty + "\",\"quantity\":5}," + "{\"productId\":\"" + scarce
                        + "\",\"quantity\":2}]}");
        assertEquals(409, refused.statusCode());
        JsonNode error = UserSessionIT.json(refused).get("error");
        assertEquals("OUT_OF_STOCK", error.get("code").asText());
        assertTrue(error.get("message").asText().contains(scarce));
        assertEquals(100, stock(plenty), "all or nothing");
        assertEquals(1, stock(scarce));
        assertEquals(0, ordersFor(plenty));
    }

    @Test
    void unknownProductIs422AndWritesNothing() {
        String token = user();
        String known = product(10, 100);
        String unknown = UUID.randomUUID().toString();
        HttpResponse<String> refused = order(
                token,
                "unknown",
                "{\"items\":[{\"productId\":\"" + known + "\",\"quantity\":1}," + "{\"productId\":\"" + unknown
                        + "\",\"quantity\":1}]}");
        assertEquals(422, refused.statusCode());
        assertEquals(
                "UNKNOWN_PRODUCT",
                UserSessionIT.json(refused).get("error").get("code").asText());
        assertTrue(
                UserSessionIT.json(refused).get("error").get("message").asText().contains(unknown));
        assertEquals(10, stock(known));
    }

    @Test
    void concurrentRetriesWithOneKeyCreateOneOrder() throws Exception {
        String token = user();
        String productId = product(50, 100);
        List<HttpResponse<String>> responses =
                concurrently(RACERS, i -> orderRetryingBusy(token, "same-key", items(productId, 2)));
        assertTrue(responses.stream().allMatch(r -> r.statusCode() == 201), responses.toString());
        assertEquals(
                1,
                responses.stream()
                        .map(r -> UserSessionIT.json(r).get("orderId").asText())
                        .distinct()
                        .count());
        assertEquals(48, stock(productId), "decremented once");
        assertEquals(1, ordersFor(productId));

        HttpResponse<String> otherBody = order(token, "same-key", items(productId, 3));
        assertEquals(422, otherBody.statusCode());
        assertEquals(
                "IDEMPOTENCY_KEY_REUSED",
                UserSessionIT.json(otherBody).get("error").get("code").asText());
        assertEquals(48, stock(productId));
    }

    @Test
    void manyConcurrentOrdersSellExactlyTheStock() throws Exception {
        int stock = 40;
        String productId = product(stock, 250);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tokens.add(user());
        }
        List<HttpResponse<String>> responses = concurrently(
                RACERS, i -> orderRetryingBusy(tokens.get(i % tokens.size()), "buy-" + i, items(productId, 1)));
        long sold = responses.stream().filter(r -> r.statusCode() == 201).count();
        long refused = responses.stream().filter(r -> r.statusCode() == 409).count();
        assertEquals(stock, sold, "exactly the stock is sold");
        assertEquals(RACERS - stock, refused);
        assertEquals(0, stock(productId), "never negative");
        assertEquals(stock, ordersFor(productId));
        assertEquals(
                0,
                count(
                        "SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)"
                                + " AND EXISTS (SELECT 1 FROM products WHERE id = :id)",
                        productId),
                "every order is complete");
        assertEquals(
                stock,
                count(
                        "SELECT count(*) FROM outbox b JOIN order_items i ON i.order_id = b.order_id WHERE i.product_id = :id",
                        productId));
    }

    @Test
    void aProjectionLostAfterCommitIsHealedByTheRelayAndMatchesPostgres() {
        LocalBackend backend = SharedBackend.get();
        String token = user();
        String userId =
                UserSessionIT.json(get(token, "/users/me")).get("userId").asText();
        String productId = product(10, 1234);
        RdsDataOrderRepository repository = new RdsDataOrderRepository(db());
        DynamoOrderReadModel readModel =
                new DynamoOrderReadModel(backend.app().clients().dynamo(), LocalBackend.TABLE);
        OrderReadModel crashing = new OrderReadModel() {
            @Override
            public Projection project(OrderSummary summary) {
                throw new IllegalStateException("the function died between commit and projection");
            }

            @Override
            public Page list(String user, int limit, Optional<String> cursor) {
                return readModel.list(user, limit, cursor);
            }
        };
        OrderService.Placed placed = new OrderService(repository, crashing)
                .place(
                        userId,
                        new IdempotencyKey("crash-" + UUID.randomUUID()),
                        OrderRequest.of(List.of(new OrderLine(productId, 3))));
        String orderId = placed.order().orderId();
        assertFalse(listedOrderIds(token).contains(orderId), "not projected yet");

        int projected =
                new OutboxRelay(repository, readModel, Duration.ZERO).run().projected();
        assertTrue(projected >= 1);
        JsonNode summary = null;
        for (JsonNode item : UserSessionIT.json(get(token, "/orders?limit=100")).get("items")) {
            if (item.get("orderId").asText().equals(orderId)) {
                summary = item;
            }
        }
        assertNotNull(summary, "the relay projected the order");
        List<Field> row = db().execute(
                        "SELECT status, total_cents, (SELECT sum(quantity) FROM order_items WHERE order_id = o.id),"
                                + " to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM orders o WHERE id = :id",
                        DataApi.uuid("id", orderId))
                .records()
                .get(0);
        assertEquals(row.get(0).stringValue(), summary.get("status").asText());
        assertEquals(row.get(1).longValue(), summary.get("totalCents").asLong());
        assertEquals(row.get(2).longValue(), summary.get("itemCount").asLong());
        assertEquals(row.get(3).stringValue(), summary.get("createdAt").asText());
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE order_id = :id AND published_at IS NULL", orderId));
        OutboxRelay.Run after = new OutboxRelay(repository, readModel, Duration.ZERO).run();
        assertEquals(0, after.projected(), "nothing left to heal");
        assertEquals(0, after.backlogAgeSeconds(), "no backlog left");
    }

    @Test
    void valuesFullOfSqlSyntaxAreStoredLiterally() {
        String token = user();
        String productId = product(5, 100);
        String key = "'); DROP TABLE orders; -- :userId $$ ?";
        HttpResponse<String> placed = order(token, key, items(productId, 1));
        assertEquals(201, placed.statusCode(), placed.body());
        String orderId = UserSessionIT.json(placed).get("orderId").asText();
        assertEquals(
                key,
                db().execute("SELECT idempotency_key FROM orders WHERE id = :id", DataApi.uuid("id", orderId))
                        .records()
                        .get(0)
                        .get(0)
                        .stringValue());
    }

    @Test
    void transientDataApiFailuresAreRetriedWithoutASecondOrder() {
        String token = user();
        String productId = product(10, 100);
        DataApiEmulator emulator = SharedBackend.get().dataApi();

        emulator.injectFaults(DataApiEmulator.Fault.DATABASE_RESUMING, 2);
        assertEquals(201, order(token, "resume", items(productId, 1)).statusCode());

        emulator.injectFaults(DataApiEmulator.Fault.DROP_AFTER_EXECUTE, 1);
        HttpResponse<String> dropped = order(token, "dropped", items(productId, 1));
        assertEquals(201, dropped.statusCode(), "the retry finds the order the lost answer had committed");
        assertEquals("true", dropped.headers().firstValue("idempotent-replayed").orElse(""));

        emulator.injectFaults(DataApiEmulator.Fault.DROP_BEFORE_EXECUTE, 1);
        emulator.injectFaults(DataApiEmulator.Fault.STATEMENT_TIMEOUT, 1);
        assertEquals(201, order(token, "timeout", items(productId, 1)).statusCode());

        assertEquals(7, stock(productId), "three orders, each decremented once");
        assertEquals(3, ordersFor(productId));
    }

    @Test
    void aDatabaseThatStaysDownIs503WithRetryAfterAndNoOrder() {
        String token = user();
        String productId = product(10, 100);
        SharedBackend.get().dataApi().injectFaults(DataApiEmulator.Fault.STATEMENT_TIMEOUT, 10_000);
        HttpResponse<String> response = order(token, "down", items(productId, 1));
        SharedBackend.get().dataApi().clearFaults();
        assertEquals(503, response.statusCode());
        assertEquals(
                "DATABASE_UNAVAILABLE",
                UserSessionIT.json(response).get("error").get("code").asText());
        assertTrue(response.headers().firstValue("retry-after").isPresent());
        assertEquals(10, stock(productId));
        assertEquals(0, ordersFor(productId));
    }

    @Test
    void pagesWithACursorAndRefusesATamperedOne() {
        String token = user();
        String productId = product(10, 100);
        for (int i = 0; i < 3; i++) {
            assertEquals(201, order(token, "page-" + i, items(productId, 1)).statusCode());
        }
        JsonNode first = UserSessionIT.json(get(token, "/orders?limit=2"));
        assertEquals(2, first.get("items").size());
        String cursor = first.get("nextCursor").asText();
        JsonNode second = UserSessionIT.json(get(token, "/orders?limit=2&cursor=" + cursor));
        assertEquals(1, second.get("items").size());
        assertTrue(first.get("items")
                        .get(0)
                        .get("createdAt")
                        .asText()
                        .compareTo(second.get("items").get(0).get("createdAt").asText())
                >= 0);

        for (String bad : List.of(
                "garbage!",
                "Zm9v",
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("USER#x".getBytes()))) {
            HttpResponse<String> tampered = get(token, "/orders?cursor=" + bad);
            assertEquals(400, tampered.statusCode(), bad);
            assertEquals(
                    "INVALID_CURSOR",
                    UserSessionIT.json(tampered).get("error").get("code").asText());
        }
    }

    @Test
    void anotherUsersOrderIs404() {
        String alice = user();
        String bob = user();
        String productId = product(10, 100);
        String orderId = UserSessionIT.json(order(alice, "mine", items(productId, 1)))
                .get("orderId")
                .asText();
        assertEquals(404, get(bob, "/orders/" + orderId).statusCode());
        assertFalse(listedOrderIds(bob).contains(orderId));
        String cursorForAlice = UserSessionIT.json(get(alice, "/orders?limit=1"))
                .path("nextCursor")
                .asText("");
        if (!cursorForAlice.isEmpty()) {
            assertTrue(UserSessionIT.json(get(bob, "/orders?cursor=" + cursorForAlice))
                    .get("items")
                    .isEmpty());
        }
    }

    @Test
    void badRequestsAre400AndWriteNothing() {
        String token = user();
        String productId = product(10, 100);
        assertEquals(400, order(token, null, items(productId, 1)).statusCode());
        assertEquals(400, order(token, "k".repeat(65), items(productId, 1)).statusCode());
        assertEquals(400, order(token, "bad-qty", items(productId, 0)).statusCode());
        assertEquals(400, order(token, "bad-json", "{\"items\":").statusCode());
        assertEquals(10, stock(productId));
        assertEquals(0, ordersFor(productId));
    }

    static List<String> listedOrderIds(String token) {
        List<String> ids = new ArrayList<>();
        UserSessionIT.json(get(token, "/orders?limit=100"))
                .get("items")
                .forEach(item -> ids.add(item.get("orderId").asText()));
        return ids;
    }

    interface Call {
        HttpResponse<String> run(int index);
    }

    static List<HttpResponse<String>> concurrently(int count, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(count, RACERS));
        try {
            List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                calls.add(() -> call.run(index));
            }
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : pool.invokeAll(calls)) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
