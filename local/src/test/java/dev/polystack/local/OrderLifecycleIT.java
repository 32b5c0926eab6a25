package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.order.IdempotencyKey;
import dev.polystack.order.OrderLine;
import dev.polystack.order.OrderReadModel;
import dev.polystack.order.OrderRequest;
import dev.polystack.order.OrderService;
import dev.polystack.order.OrderStatus;
import dev.polystack.order.OrderSummary;
import dev.polystack.order.OutboxRelay;
import dev.polystack.order.Transition;
import dev.polystack.order.adapter.DynamoOrderReadModel;
import dev.polystack.order.adapter.RdsDataOrderRepository;
import dev.polystack.shared.Admin;
import dev.polystack.shared.Caller;
import dev.polystack.shared.Role;
import dev.polystack.shared.adapter.DataApi;
import dev.polystack.shared.adapter.SingleTable;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The order lifecycle against the local stack: cancellation with restock under concurrency, the
 * administrators' moves and their refusals, and the versioned projection (late, repeated and missed
 * events; erased accounts) over DynamoDB Local.
 */
class OrderLifecycleIT {
    static DynamoDbClient dynamo() {
        return SharedBackend.get().app().clients().dynamo();
    }

    static DynamoOrderReadModel readModel() {
        return new DynamoOrderReadModel(dynamo(), LocalBackend.TABLE);
    }

    static RdsDataOrderRepository repository() {
        return new RdsDataOrderRepository(OrderIT.db());
    }

    static HttpResponse<String> post(String token, String path, String body) {
        HttpRequest.Builder request =
                SharedBackend.request(path).header("Authorization", token).header("content-type", "application/json");
        return SharedBackend.send(request.POST(
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    static HttpResponse<String> cancel(String token, String orderId) {
        return post(token, "/orders/" + orderId + "/cancel", null);
    }

    static HttpResponse<String> move(String token, String orderId, String status) {
        return post(token, "/orders/" + orderId + "/status", "{\"status\":\"" + status + "\"}");
    }

    static String placed(String token, String productId, int quantity) {
        HttpResponse<String> response =
                OrderIT.order(token, "lc-" + UUID.randomUUID(), OrderIT.items(productId, quantity));
        assertEquals(201, response.statusCode(), response.body());
        return UserSessionIT.json(response).get("orderId").asText();
    }

    static String admin() {
        return "Bearer " + RolesIT.newAdmin().token();
    }

    static String userId(String token) {
        return UserSessionIT.json(OrderIT.get(token, "/users/me")).get("userId").asText();
    }

    static long scalar(String sql, String orderId) {
        return OrderIT.db()
                .execute(sql, DataApi.uuid("id", orderId))
                .records()
                .get(0)
                .get(0)
                .longValue();
    }

    static String code(HttpResponse<String> response) {
        return UserSessionIT.json(response).get("error").get("code").asText();
    }

    /** The summary GET /orders shows for the order, or null. */
    static JsonNode listed(String token, String orderId) {
        for (JsonNode item :
                UserSessionIT.json(OrderIT.get(token, "/orders?limit=100")).get("items")) {
            if (item.get("orderId").asText().equals(orderId)) {
                return item;
            }
        }
        return null;
    }

    /**
     * Two orders take all of a scarce product; then, at once, each is cancelled ten times by its owner
     * while twenty one-unit orders compete for the stock the cancels return. Every cancel answers 200
     * CANCELLED at version 2, each order's stock comes back exactly once (one CANCELLED event each), and
     * the stock plus what confirmed orders hold is what there was.
     */
    @Test
    void concurrentCancelsReturnEachOrdersStockOnceWhileConcurrentOrdersBuyIt() throws Exception {
        int initial = 10;
        String productId = OrderIT.product(initial, 100);
        List<String> tokens = List.of(OrderIT.user(), OrderIT.user());
        List<String> cancelled = List.of(placed(tokens.get(0), productId, 5), placed(tokens.get(1), productId, 5));
        assertEquals(0, OrderIT.stock(productId));

        List<HttpResponse<String>> responses = OrderIT.concurrently(
                OrderIT.RACERS,
                i -> i % 2 == 0
                        ? cancel(tokens.get(i / 2 % 2), cancelled.get(i / 2 % 2))
                        : OrderIT.orderRetryingBusy(
                                tokens.get(i % 2), "after-cancel-" + i, OrderIT.items(productId, 1)));

        List<HttpResponse<String>> cancels = new ArrayList<>();
        List<HttpResponse<String>> orders = new ArrayList<>();
        for (int i = 0; i < responses.size(); i++) {
            (i % 2 == 0 ? cancels : orders).add(responses.get(i));
        }
        for (HttpResponse<String> response : cancels) {
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("CANCELLED", UserSessionIT.json(response).get("status").asText());
            assertEquals(2, UserSessionIT.json(response).get("version").asInt(), "one change, however many cancels");
        }
        long sold = orders.stream().filter(r -> r.statusCode() == 201).count();
        assertTrue(orders.stream().allMatch(r -> r.statusCode() == 201 || r.statusCode() == 409), orders.toString());
        assertTrue(sold <= initial, "never more than the stock");
        assertEquals(initial - sold, OrderIT.stock(productId), "each cancelled order's 5 units came back exactly once");
        assertEquals(
                initial,
                OrderIT.stock(productId)
                        + OrderIT.count(
                                "SELECT COALESCE(sum(i.quantity), 0) FROM order_items i"
                                        + " JOIN orders o ON o.id = i.order_id WHERE i.product_id = :id AND o.status <> 'CANCELLED'",
                                productId));
        for (int i = 0; i < cancelled.size(); i++) {
            String orderId = cancelled.get(i);
            assertEquals(
                    1,
                    scalar("SELECT count(*) FROM outbox WHERE order_id = :id AND event = 'CANCELLED'", orderId),
                    "one cancellation event");
            assertEquals(2, scalar("SELECT version FROM orders WHERE id = :id", orderId));
            JsonNode summary = listed(tokens.get(i), orderId);
            assertEquals("CANCELLED", summary.get("status").asText(), "the summary follows");
            assertEquals(2, summary.get("version").asInt());
            assertEquals(
                    "CANCELLED",
                    UserSessionIT.json(OrderIT.get(tokens.get(i), "/orders/" + orderId))
                            .get("status")
                            .asText());
        }
    }

    /**
     * The race made certain: another transaction holds the product's row lock while eight cancels of
     * one order start; once all eight wait on a lock, it commits. Only one of them may find the order
     * CONFIRMED: the stock comes back once and there is one cancellation event.
     */
    @Test
    void cancelsThatAllStartBeforeAnyCommitsReturnTheStockOnce() throws Exception {
        String token = OrderIT.user();
        String userId = userId(token);
        String productId = OrderIT.product(10, 100);
        String orderId = placed(token, productId, 3);
        int racers = 8;
        String blocker = OrderIT.db().begin();
        OrderIT.db()
                .executeIn(
                        blocker,
                        "SELECT stock FROM products WHERE id = :id FOR UPDATE",
                        List.of(DataApi.uuid("id", productId)));
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<Transition>> cancels = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                cancels.add(pool.submit(() -> repository().cancel(userId, orderId)));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (OrderIT.db()
                            .execute(
                                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%cancel_order(%'"
                                            + " AND pid <> pg_backend_pid()")
                            .records()
                            .get(0)
                            .get(0)
                            .longValue()
                    < racers) {
                assertTrue(System.nanoTime() < deadline, "the cancels never all waited");
                Thread.sleep(20);
            }
            OrderIT.db().commit(blocker);
            int changed = 0;
            for (Future<Transition> cancel : cancels) {
                Transition outcome = cancel.get(30, TimeUnit.SECONDS);
                if (outcome instanceof Transition.Changed) {
                    changed++;
                } else {
                    assertInstanceOf(Transition.Unchanged.class, outcome);
                }
            }
            assertEquals(1, changed, "one cancel did it, the others found it done");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(10, OrderIT.stock(productId), "the 3 units came back once");
        assertEquals(1, scalar("SELECT count(*) FROM outbox WHERE order_id = :id AND event = 'CANCELLED'", orderId));
        assertEquals(2, scalar("SELECT version FROM orders WHERE id = :id", orderId));
    }

    /** Returning the stock would pass the catalogue's ceiling of 10^9 (an administrator restocked meanwhile): 409, nothing written. */
    @Test
    void aCancelThatWouldPassTheStockCeilingIs409AndChangesNothing() {
        String token = OrderIT.user();
        String productId = OrderIT.product(10, 100);
        String orderId = placed(token, productId, 2);
        OrderIT.db().execute("UPDATE products SET stock = 999999999 WHERE id = :id", DataApi.uuid("id", productId));
        HttpResponse<String> refused = cancel(token, orderId);
        assertEquals(409, refused.statusCode(), refused.body());
        assertEquals("STOCK_OUT_OF_RANGE", code(refused));
        assertTrue(refused.body().contains(productId), refused.body());
        assertEquals(999999999, OrderIT.stock(productId));
        assertEquals(
                "CONFIRMED",
                UserSessionIT.json(OrderIT.get(token, "/orders/" + orderId))
                        .get("status")
                        .asText());
        assertEquals(1, scalar("SELECT count(*) FROM outbox WHERE order_id = :id", orderId), "no event");
    }

    @Test
    void cancellingAnotherUsersOrderIs404LikeAnUnknownOneAndReturnsNoStock() {
        String alice = OrderIT.user();
        String bob = OrderIT.user();
        String productId = OrderIT.product(10, 100);
        String orderId = placed(alice, productId, 2);
        HttpResponse<String> refused = cancel(bob, orderId);
        HttpResponse<String> unknown = cancel(bob, UUID.randomUUID().toString());
        assertEquals(404, refused.statusCode());
        assertEquals(404, unknown.statusCode());
        assertEquals(unknown.body(), refused.body(), "no hint that the order exists");
        assertFalse(refused.body().contains(orderId));
        assertEquals(8, OrderIT.stock(productId));
        assertEquals(
                "CONFIRMED",
                UserSessionIT.json(OrderIT.get(alice, "/orders/" + orderId))
                        .get("status")
                        .asText());
    }

    @Test
    void administratorsShipAndDeliverRepeatsAnswerTheSameAndTheSummaryFollows() {
        String token = OrderIT.user();
        String admin = admin();
        String productId = OrderIT.product(10, 100);
        String orderId = placed(token, productId, 1);

        HttpResponse<String> shipped = move(admin, orderId, "SHIPPED");
        assertEquals(200, shipped.statusCode(), shipped.body());
        assertEquals(shipped.body(), move(admin, orderId, "SHIPPED").body(), "a repeat is the same answer");
        HttpResponse<String> delivered = move(admin, orderId, "DELIVERED");
        assertEquals(200, delivered.statusCode(), delivered.body());
        assertEquals(delivered.body(), move(admin, orderId, "DELIVERED").body());
        assertEquals(3, UserSessionIT.json(delivered).get("version").asInt());
        assertEquals(
                3,
                scalar("SELECT count(*) FROM outbox WHERE order_id = :id", orderId),
                "created, shipped, delivered: once each");

        JsonNode read = UserSessionIT.json(OrderIT.get(token, "/orders/" + orderId));
        assertEquals("DELIVERED", read.get("status").asText());
        JsonNode summary = listed(token, orderId);
        assertEquals("DELIVERED", summary.get("status").asText());
        assertEquals(3, summary.get("version").asInt());

        HttpResponse<String> late = cancel(token, orderId);
        assertEquals(409, late.statusCode());
        assertEquals("ORDER_NOT_CANCELLABLE", code(late));
        assertEquals(9, OrderIT.stock(productId), "no stock back after delivery");
    }

    @ParameterizedTest
    @CsvSource({
        "'', DELIVERED",
        "'', CONFIRMED",
        "'', CANCELLED",
        "SHIPPED, CONFIRMED",
        "SHIPPED, CANCELLED",
        "SHIPPED DELIVERED, SHIPPED",
        "SHIPPED DELIVERED, CONFIRMED",
        "CANCEL, SHIPPED",
        "CANCEL, DELIVERED"
    })
    void illegalMovesAre409NamingBothStatusesAndChangeNothing(String path, String requested) {
        String token = OrderIT.user();
        String admin = admin();
        String productId = OrderIT.product(10, 100);
        String orderId = placed(token, productId, 1);
        for (String step : path.isBlank() ? new String[0] : path.split(" ")) {
            HttpResponse<String> done = step.equals("CANCEL") ? cancel(token, orderId) : move(admin, orderId, step);
            assertEquals(200, done.statusCode(), done.body());
        }
        String before = OrderIT.get(token, "/orders/" + orderId).body();
        long stock = OrderIT.stock(productId);
        HttpResponse<String> refused = move(admin, orderId, requested);
        assertEquals(409, refused.statusCode(), refused.body());
        assertEquals("ILLEGAL_STATUS_TRANSITION", code(refused));
        String current = UserSessionIT.json(OrderIT.get(token, "/orders/" + orderId))
                .get("status")
                .asText();
        String message = UserSessionIT.json(refused).get("error").get("message").asText();
        assertTrue(message.contains(current) && message.contains(requested), message);
        assertEquals(before, OrderIT.get(token, "/orders/" + orderId).body(), "nothing changed");
        assertEquals(stock, OrderIT.stock(productId));
    }

    @Test
    void theStatusRouteIs403ForNonAdministratorsEvenOnTheirOwnOrder() {
        String token = OrderIT.user();
        String orderId = placed(token, OrderIT.product(10, 100), 1);
        StoreSnapshot before = StoreSnapshot.of(SharedBackend.get());
        HttpResponse<String> refused = move(token, orderId, "SHIPPED");
        assertEquals(403, refused.statusCode());
        assertEquals("ADMIN_REQUIRED", code(refused));
        assertEquals(before, StoreSnapshot.of(SharedBackend.get()), "nothing read into a change, nothing written");
        assertEquals(
                "CONFIRMED",
                UserSessionIT.json(OrderIT.get(token, "/orders/" + orderId))
                        .get("status")
                        .asText());
    }

    @Test
    void storeCallsPerCancel() {
        String token = OrderIT.user();
        String orderId = placed(token, OrderIT.product(10, 100), 1);
        SharedBackend.CALLS.reset();
        assertEquals(200, cancel(token, orderId).statusCode());
        assertEquals(
                List.of(
                        "DynamoDb.GetItem",
                        "RdsData.ExecuteStatement",
                        "DynamoDb.TransactWriteItems",
                        "RdsData.ExecuteStatement"),
                SharedBackend.CALLS.calls(),
                "authorizer, cancel_order, projection, outbox acknowledgement");
        SharedBackend.CALLS.reset();
        assertEquals(200, cancel(token, orderId).statusCode());
        assertEquals(
                List.of("DynamoDb.GetItem", "RdsData.ExecuteStatement"),
                SharedBackend.CALLS.calls(),
                "a repeat writes nothing");
    }

    /** Events fed to the read model late and twice: version 3, then 2, then 3 again, then 1. The summary stays at 3. */
    @Test
    void lateAndRepeatedEventsNeverRegressTheSummary() {
        String token = OrderIT.user();
        String userId = userId(token);
        String orderId = UUID.randomUUID().toString();
        String createdAt = "2026-11-21T10:00:00.000Z";
        OrderSummary v1 = new OrderSummary(userId, orderId, "CONFIRMED", 500, 1, createdAt, 1);
        OrderSummary v2 = new OrderSummary(userId, orderId, "SHIPPED", 500, 1, createdAt, 2);
        OrderSummary v3 = new OrderSummary(userId, orderId, "DELIVERED", 500, 1, createdAt, 3);
        DynamoOrderReadModel readModel = readModel();
        assertEquals(OrderReadModel.Projection.WRITTEN, readModel.project(v3));
        assertEquals(OrderReadModel.Projection.ALREADY_NEWER, readModel.project(v2));
        assertEquals(OrderReadModel.Projection.ALREADY_NEWER, readModel.project(v3));
        assertEquals(OrderReadModel.Projection.ALREADY_NEWER, readModel.project(v1));
        JsonNode summary = listed(token, orderId);
        assertEquals("DELIVERED", summary.get("status").asText());
        assertEquals(3, summary.get("version").asInt());
    }

    /**
     * The relay meets an order's events in the wrong order (the newest, DELIVERED, already projected;
     * the creation and SHIPPED left unpublished) and twice (the relay runs again): the summary stays at
     * the newest.
     */
    @Test
    void theRelayReplayingAnOlderEventAfterANewerOneLeavesTheNewer() {
        String token = OrderIT.user();
        String admin = admin();
        String orderId = placed(token, OrderIT.product(10, 100), 1);
        RdsDataOrderRepository repository = repository();
        OrderService silent = new OrderService(repository, failing(readModel()));
        Admin byAdmin = new Caller(UUID.randomUUID().toString(), Set.of(Role.ADMIN)).asAdmin();
        silent.changeStatus(byAdmin, orderId, OrderStatus.SHIPPED);
        assertEquals(
                1,
                scalar("SELECT count(*) FROM outbox WHERE order_id = :id AND published_at IS NULL", orderId),
                "SHIPPED not projected");
        assertEquals(
                200,
                move(admin, orderId, "DELIVERED").statusCode(),
                "DELIVERED projected at once, marking SHIPPED done too");
        OrderIT.db()
                .execute(
                        "UPDATE outbox SET published_at = NULL WHERE order_id = :id AND version < 3",
                        DataApi.uuid("id", orderId));

        for (int run = 0; run < 2; run++) {
            new OutboxRelay(repository, readModel(), Duration.ZERO).run();
            JsonNode summary = listed(token, orderId);
            assertEquals("DELIVERED", summary.get("status").asText(), "run " + run);
            assertEquals(3, summary.get("version").asInt());
        }
        assertEquals(0, scalar("SELECT count(*) FROM outbox WHERE order_id = :id AND published_at IS NULL", orderId));
    }

    /** The cancel's projection is lost after the commit: the summary still says CONFIRMED until the relay runs. */
    @Test
    void aCancelWhoseProjectionWasLostIsHealedByTheRelay() {
        String token = OrderIT.user();
        String userId = userId(token);
        String productId = OrderIT.product(10, 100);
        String orderId = placed(token, productId, 4);
        RdsDataOrderRepository repository = repository();
        new OrderService(repository, failing(readModel())).cancel(userId, orderId);
        assertEquals(10, OrderIT.stock(productId));
        assertEquals("CONFIRMED", listed(token, orderId).get("status").asText(), "not projected yet");

        new OutboxRelay(repository, readModel(), Duration.ZERO).run();
        JsonNode summary = listed(token, orderId);
        assertEquals("CANCELLED", summary.get("status").asText());
        assertEquals(2, summary.get("version").asInt());
        assertEquals(0, scalar("SELECT count(*) FROM outbox WHERE order_id = :id AND published_at IS NULL", orderId));
    }

    /** The owner's account is gone (no profile): the projection writes nothing, and the relay counts the event done. */
    @Test
    void anEventForAnAccountWithoutAProfileWritesNothingAndIsMarkedPublished() {
        String ghost = "erased-" + UUID.randomUUID();
        String productId = OrderIT.product(10, 100);
        RdsDataOrderRepository repository = repository();
        OrderService service = new OrderService(repository, readModel());
        String orderId = service.place(
                        ghost, new IdempotencyKey("ghost"), OrderRequest.of(List.of(new OrderLine(productId, 1))))
                .order()
                .orderId();
        service.cancel(ghost, orderId);
        assertEquals(
                0,
                scalar("SELECT count(*) FROM outbox WHERE order_id = :id AND published_at IS NULL", orderId),
                "both events done");
        assertTrue(
                dynamo().query(q -> q.tableName(LocalBackend.TABLE)
                                .keyConditionExpression("PK = :pk")
                                .expressionAttributeValues(
                                        Map.of(":pk", AttributeValue.fromS(SingleTable.userKey(ghost)))))
                        .items()
                        .isEmpty(),
                "no item recreated for the account");
        assertEquals(
                OrderReadModel.Projection.ACCOUNT_GONE,
                readModel()
                        .project(new OrderSummary(ghost, orderId, "CANCELLED", 100, 1, "2026-11-21T10:00:00.000Z", 2)));
    }

    /** A summary written before versions existed (no version attribute) is still replaced by a later event. */
    @Test
    void aSummaryWithoutAVersionIsReplacedByTheNextChange() {
        String token = OrderIT.user();
        String userId = userId(token);
        String orderId = UUID.randomUUID().toString();
        String createdAt = "2026-11-20T10:00:00.000Z";
        Map<String, AttributeValue> old = new HashMap<>();
        old.put("PK", AttributeValue.fromS(SingleTable.userKey(userId)));
        old.put("SK", AttributeValue.fromS(SingleTable.orderSortKey(createdAt, orderId)));
        old.put("type", AttributeValue.fromS("ORDER_SUMMARY"));
        old.put("orderId", AttributeValue.fromS(orderId));
        old.put("status", AttributeValue.fromS("CONFIRMED"));
        old.put("totalCents", AttributeValue.fromN("100"));
        old.put("itemCount", AttributeValue.fromN("1"));
        old.put("createdAt", AttributeValue.fromS(createdAt));
        dynamo().putItem(p -> p.tableName(LocalBackend.TABLE).item(old));
        assertEquals(1, listed(token, orderId).get("version").asInt(), "read as version 1");
        assertEquals(
                OrderReadModel.Projection.WRITTEN,
                readModel().project(new OrderSummary(userId, orderId, "CANCELLED", 100, 1, createdAt, 2)));
        assertEquals("CANCELLED", listed(token, orderId).get("status").asText());
    }

    static OrderReadModel failing(OrderReadModel real) {
        return new OrderReadModel() {
            @Override
            public Projection project(OrderSummary summary) {
                throw new IllegalStateException("the function died between commit and projection");
            }

            @Override
            public Page list(String user, int limit, Optional<String> cursor) {
                return real.list(user, limit, cursor);
            }
        };
    }
}
