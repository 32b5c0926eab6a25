package dev.polystack.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.Lambda;
import dev.polystack.order.handler.GetOrderHandler;
import dev.polystack.order.handler.ListOrdersHandler;
import dev.polystack.order.handler.OutboxRelayHandler;
import dev.polystack.order.handler.PlaceOrderHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;

/** The order routes fed with events from {@code events/}, over in-memory ports that keep the contract. */
public class OrderHandlersTest {
    /**
     * place_order, cancel_order and set_order_status as the migrations write them, in memory, over a
     * catalogue of its own (by default the local stack's seeded product ids, 100 cents each, plenty in
     * stock); {@code OrderRepositoryContract} holds it to the PostgreSQL adapter's behaviour.
     */
    public static final class FakeOrders implements OrderRepository {
        /** A product as place_order reads it. */
        public record Stocked(String sku, long priceCents, int stock, boolean archived) {}

        public final Map<String, Stocked> catalogue = new ConcurrentHashMap<>();

        public FakeOrders() {
            for (int n = 1; n <= 9; n++) {
                catalogue.put("00000000-0000-4000-8000-00000000000" + n, new Stocked("SKU", 100, 1_000_000, false));
            }
        }

        final Map<String, Order> byKey = new ConcurrentHashMap<>();
        final Map<String, String> hashByKey = new ConcurrentHashMap<>();
        final Map<String, String> ownerById = new ConcurrentHashMap<>();
        final Map<String, Order> byId = new ConcurrentHashMap<>();
        /** Units returned to stock, per order: a cancel's restock. */
        final Map<String, Integer> restocked = new ConcurrentHashMap<>();

        final List<OutboxRow> outbox = new ArrayList<>();
        /** When set, every placement is refused this way, as place_order refuses. */
        volatile Placement refusal;

        record OutboxRow(long id, OrderSummary summary, boolean published, java.time.Instant at) {}

        @Override
        public synchronized Placement place(String orderId, String userId, IdempotencyKey key, OrderRequest request) {
            if (refusal != null) {
                return refusal;
            }
            String k = userId + "\n" + key.value();
            if (byKey.containsKey(k)) {
                Order first = byId.get(byKey.get(k).orderId());
                return hashByKey.get(k).equals(request.hash())
                        ? new Placement.Existing(first)
                        : new Placement.KeyReused();
            }
            for (OrderLine line : request.lines()) {
                Stocked product = catalogue.get(line.productId());
                if (product == null) {
                    return new Placement.UnknownProduct(line.productId());
                }
                if (product.archived()) {
                    return new Placement.ProductArchived(line.productId());
                }
                if (product.stock() < line.quantity()) {
                    return new Placement.OutOfStock(line.productId(), product.sku(), product.stock(), line.quantity());
                }
            }
            request.lines().forEach(l -> restock(l.productId(), -l.quantity()));
            List<Order.Item> items = request.lines().stream()
                    .map(l -> new Order.Item(
                            l.productId(),
                            catalogue.get(l.productId()).sku(),
                            l.quantity(),
                            catalogue.get(l.productId()).priceCents()))
                    .toList();
            Order order = new Order(
                    orderId,
                    "CONFIRMED",
                    1,
                    items.stream()
                            .mapToLong(i -> i.quantity() * i.unitPriceCents())
                            .sum(),
                    items,
                    java.time.Instant.now()
                            .truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                            .toString());
            byKey.put(k, order);
            hashByKey.put(k, request.hash());
            ownerById.put(orderId, userId);
            byId.put(orderId, order);
            outbox.add(new OutboxRow(outbox.size() + 1, order.summary(userId), false, java.time.Instant.now()));
            return new Placement.Created(order);
        }

        private void restock(String productId, int delta) {
            catalogue.computeIfPresent(
                    productId, (id, p) -> new Stocked(p.sku(), p.priceCents(), p.stock() + delta, p.archived()));
        }

        @Override
        public synchronized List<Order> history(String userId) {
            // Oldest first: in the order of the placements' outbox rows (version 1).
            return outbox.stream()
                    .filter(r -> r.summary().version() == 1
                            && userId.equals(r.summary().userId()))
                    .map(r -> byId.get(r.summary().orderId()))
                    .toList();
        }

        @Override
        public Optional<Order> find(String userId, String orderId) {
            return Optional.ofNullable(byId.get(orderId)).filter(o -> userId.equals(ownerById.get(orderId)));
        }

        @Override
        public synchronized Transition cancel(String userId, String orderId) {
            Order order = find(userId, orderId).orElse(null);
            if (order == null) {
                return new Transition.NotFound();
            }
            return switch (OrderStatus.valueOf(order.status())) {
                case CANCELLED -> new Transition.Unchanged(order);
                case CONFIRMED -> {
                    restocked.merge(
                            orderId,
                            order.items().stream()
                                    .mapToInt(Order.Item::quantity)
                                    .sum(),
                            Integer::sum);
                    order.items().forEach(i -> restock(i.productId(), i.quantity()));
                    yield new Transition.Changed(change(order, OrderStatus.CANCELLED), userId);
                }
                case SHIPPED, DELIVERED -> new Transition.Conflict(OrderStatus.valueOf(order.status()));
            };
        }

        @Override
        public synchronized Transition changeStatus(String orderId, Optional<OrderStatus> from, OrderStatus to) {
            Order order = byId.get(orderId);
            if (order == null) {
                return new Transition.NotFound();
            }
            OrderStatus current = OrderStatus.valueOf(order.status());
            if (from.isEmpty()) {
                return new Transition.Conflict(current);
            }
            if (current == to) {
                return new Transition.Unchanged(order);
            }
            if (current != from.get()) {
                return new Transition.Conflict(current);
            }
            return new Transition.Changed(change(order, to), ownerById.get(orderId));
        }

        private Order change(Order order, OrderStatus to) {
            Order changed = new Order(
                    order.orderId(),
                    to.name(),
                    order.version() + 1,
                    order.totalCents(),
                    order.items(),
                    order.createdAt());
            byId.put(order.orderId(), changed);
            outbox.add(new OutboxRow(
                    outbox.size() + 1,
                    changed.summary(ownerById.get(order.orderId())),
                    false,
                    java.time.Instant.now()));
            return changed;
        }

        @Override
        public synchronized List<OutboxEntry> unpublished(Duration grace, int limit) {
            java.time.Instant cutoff = java.time.Instant.now().minus(grace);
            return outbox.stream()
                    .filter(r -> !r.published())
                    .filter(r -> !r.at().isAfter(cutoff))
                    .limit(limit)
                    .map(r -> new OutboxEntry(r.id(), r.summary()))
                    .toList();
        }

        @Override
        public synchronized void markPublished(String orderId, long version) {
            outbox.replaceAll(
                    r -> r.summary().orderId().equals(orderId) && r.summary().version() <= version
                            ? new OutboxRow(r.id(), r.summary(), true, r.at())
                            : r);
        }

        @Override
        public synchronized int markUnpublishedSince(java.time.Instant from) {
            int marked = 0;
            for (int i = 0; i < outbox.size(); i++) {
                OutboxRow r = outbox.get(i);
                if (r.published() && !r.at().isBefore(from)) {
                    outbox.set(i, new OutboxRow(r.id(), r.summary(), false, r.at()));
                    marked++;
                }
            }
            return marked;
        }

        synchronized long unpublishedCount() {
            return outbox.stream().filter(r -> !r.published()).count();
        }

        @Override
        public synchronized long oldestUnpublishedAgeSeconds() {
            return unpublishedCount() == 0 ? 0 : 42;
        }
    }

    /** The DynamoDB summaries: a put only over an older version, and only while the owner's profile exists. */
    public static final class FakeReadModel implements OrderReadModel {
        final Map<String, OrderSummary> byId = new ConcurrentHashMap<>();
        /** Owners whose profile is gone (erased accounts); everyone else has one. */
        final java.util.Set<String> erased = ConcurrentHashMap.newKeySet();

        public final AtomicInteger failuresLeft = new AtomicInteger();

        @Override
        public synchronized Projection project(OrderSummary summary) {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("DynamoDB throttled");
            }
            if (erased.contains(summary.userId())) {
                return Projection.ACCOUNT_GONE;
            }
            OrderSummary stored = byId.get(summary.orderId());
            if (stored != null && stored.version() >= summary.version()) {
                return Projection.ALREADY_NEWER;
            }
            byId.put(summary.orderId(), summary);
            return Projection.WRITTEN;
        }

        /** Newest first (creation time, then order id, as the sort key orders them); the cursor is the last one's sort key. */
        @Override
        public Page list(String userId, int limit, Optional<String> cursor) {
            List<OrderSummary> mine = byId.values().stream()
                    .filter(s -> s.userId().equals(userId))
                    .sorted(java.util.Comparator.comparing((OrderSummary s) -> s.createdAt() + "#" + s.orderId())
                            .reversed())
                    .filter(s -> cursor.isEmpty() || (s.createdAt() + "#" + s.orderId()).compareTo(cursor.get()) < 0)
                    .toList();
            List<OrderSummary> page = mine.stream().limit(limit).toList();
            return new Page(
                    page,
                    mine.size() > limit
                            ? Optional.of(page.get(page.size() - 1).createdAt() + "#"
                                    + page.get(page.size() - 1).orderId())
                            : Optional.empty());
        }
    }

    final FakeOrders orders = new FakeOrders();
    final FakeReadModel readModel = new FakeReadModel();
    final OrderService service = new OrderService(orders, readModel);

    @Test
    void placeOrderIs201AndASecondSendWithTheSameKeyReplaysIt() {
        JsonNode first = Lambda.invoke(new PlaceOrderHandler(service), Lambda.event("place-order.json"));
        assertEquals(201, first.get("statusCode").asInt());
        JsonNode again = Lambda.invoke(new PlaceOrderHandler(service), Lambda.event("place-order.json"));
        assertEquals(201, again.get("statusCode").asInt());
        assertEquals("true", again.get("headers").get("idempotent-replayed").asText());
        assertEquals(Lambda.body(first), Lambda.body(again));
        assertEquals(1, orders.byKey.size());
    }

    static final List<Arguments> REFUSALS = List.of(
            Arguments.of(new Placement.KeyReused(), 422, "IDEMPOTENCY_KEY_REUSED", "used for a different order"),
            Arguments.of(
                    new Placement.UnknownProduct("00000000-0000-4000-8000-000000000001"),
                    422,
                    "UNKNOWN_PRODUCT",
                    "no product 00000000-0000-4000-8000-000000000001"),
            Arguments.of(
                    new Placement.ProductArchived("00000000-0000-4000-8000-000000000001"),
                    422,
                    "PRODUCT_UNAVAILABLE",
                    "product 00000000-0000-4000-8000-000000000001 is no longer sold"),
            Arguments.of(
                    new Placement.OutOfStock("00000000-0000-4000-8000-000000000001", "MUG-001", 1, 2),
                    409,
                    "OUT_OF_STOCK",
                    "(MUG-001) has 1 in stock, 2 requested"));

    @ParameterizedTest
    @FieldSource("REFUSALS")
    void everyRefusalOfThePlacementHasItsStatusCodeAndMessage(
            Placement refusal, int status, String code, String message) {
        orders.refusal = refusal;
        JsonNode response = Lambda.invoke(new PlaceOrderHandler(service), Lambda.event("place-order.json"));
        assertEquals(status, response.get("statusCode").asInt());
        assertEquals(code, Lambda.body(response).get("error").get("code").asText());
        assertTrue(
                Lambda.body(response).get("error").get("message").asText().contains(message),
                Lambda.body(response).toString());
        assertTrue(readModel.byId.isEmpty(), "nothing projected");
    }

    @Test
    void duplicateLinesAreMergedBeforeHashing() {
        OrderRequest split = OrderRequest.of(List.of(
                new OrderLine("00000000-0000-4000-8000-000000000001", 1),
                new OrderLine("00000000-0000-4000-8000-000000000001", 2)));
        OrderRequest whole = OrderRequest.of(List.of(new OrderLine("00000000-0000-4000-8000-000000000001", 3)));
        assertEquals(whole, split);
        assertEquals(whole.hash(), split.hash());
        assertNotEquals(
                whole.hash(),
                OrderRequest.of(List.of(new OrderLine("00000000-0000-4000-8000-000000000001", 4)))
                        .hash());
    }

    @Test
    void everyBadOrderRequestIs400AndPlacesNothing() {
        String line = "{\"productId\":\"00000000-0000-4000-8000-000000000001\",\"quantity\":1}";
        Map<String, String> bodies = Map.of(
                "{\"items\":[]}",
                "INVALID_ITEMS",
                "{\"items\":[" + String.join(",", java.util.Collections.nCopies(51, line)) + "]}",
                "INVALID_ITEMS",
                "{\"items\":[{\"productId\":\"00000000-0000-4000-8000-000000000001\",\"quantity\":0}]}",
                "INVALID_QUANTITY",
                "{\"items\":[{\"productId\":\"00000000-0000-4000-8000-000000000001\",\"quantity\":1001}]}",
                "INVALID_QUANTITY",
                "{\"items\":[{\"productId\":\"not-a-uuid\",\"quantity\":1}]}",
                "INVALID_PRODUCT_ID",
                "{\"items\":[{\"productId\":\"00000000-0000-4000-8000-000000000001\"}]}",
                "MISSING_FIELD",
                "{\"items\":[{\"productId\":\"00000000-0000-4000-8000-000000000001\",\"quantity\":1,\"priceCents\":1}]}",
                "UNKNOWN_FIELD",
                "{\"items\":[{\"productId\":\"00000000-0000-4000-8000-000000000001\",\"quantity\":\"2\"}]}",
                "INVALID_FIELD_TYPE",
                "{}",
                "MISSING_FIELD");
        bodies.forEach((body, code) -> {
            ObjectNode event = Lambda.event("place-order.json");
            event.put("body", body);
            JsonNode response = Lambda.invoke(new PlaceOrderHandler(service), event);
            assertEquals(400, response.get("statusCode").asInt(), body);
            assertEquals(code, Lambda.body(response).get("error").get("code").asText(), body);
        });
        for (String key : new String[] {"", "k".repeat(65), "tab\there", "naïve"}) {
            ObjectNode event = Lambda.event("place-order.json");
            ((ObjectNode) event.get("headers")).put("idempotency-key", key);
            assertEquals(
                    400,
                    Lambda.invoke(new PlaceOrderHandler(service), event)
                            .get("statusCode")
                            .asInt(),
                    key);
        }
        ObjectNode noKey = Lambda.event("place-order.json");
        ((ObjectNode) noKey.get("headers")).remove("idempotency-key");
        assertEquals(
                "MISSING_IDEMPOTENCY_KEY",
                Lambda.body(Lambda.invoke(new PlaceOrderHandler(service), noKey))
                        .get("error")
                        .get("code")
                        .asText());
        assertTrue(orders.byKey.isEmpty());
    }

    @Test
    void aFailedProjectionStillAnswers201AndTheRelayHealsIt() throws Exception {
        readModel.failuresLeft.set(1);
        JsonNode placed = Lambda.invoke(new PlaceOrderHandler(service), Lambda.event("place-order.json"));
        assertEquals(201, placed.get("statusCode").asInt());
        assertTrue(readModel.byId.isEmpty());
        assertEquals(1, orders.unpublishedCount());

        JsonNode relayed = Lambda.invoke(
                new OutboxRelayHandler(new OutboxRelay(orders, readModel, Duration.ZERO)),
                Lambda.event("outbox-relay.json"));
        assertEquals(1, relayed.get("projected").asInt());
        assertEquals(0, relayed.get("backlogAgeSeconds").asInt());
        assertEquals(1, readModel.byId.size());
        assertEquals(0, orders.unpublishedCount());
    }

    @Test
    void getOrderIs404ForAnotherUsersOrderAndForMalformedIds() {
        String orderId = Lambda.body(Lambda.invoke(new PlaceOrderHandler(service), Lambda.event("place-order.json")))
                .get("orderId")
                .asText();
        ObjectNode own = Lambda.event("get-order.json");
        ((ObjectNode) own.get("pathParameters")).put("orderId", orderId);
        assertEquals(
                200,
                Lambda.invoke(new GetOrderHandler(service), own)
                        .get("statusCode")
                        .asInt());

        ObjectNode other = own.deepCopy();
        ((ObjectNode) other.get("requestContext").get("authorizer").get("lambda")).put("userId", "someone-else");
        assertEquals(
                404,
                Lambda.invoke(new GetOrderHandler(service), other)
                        .get("statusCode")
                        .asInt());

        ObjectNode malformed = own.deepCopy();
        ((ObjectNode) malformed.get("pathParameters")).put("orderId", "1 OR 1=1");
        assertEquals(
                404,
                Lambda.invoke(new GetOrderHandler(service), malformed)
                        .get("statusCode")
                        .asInt());
    }

    @Test
    void listOrdersChecksTheLimit() {
        assertEquals(
                200,
                Lambda.invoke(new ListOrdersHandler(service), Lambda.event("list-orders.json"))
                        .get("statusCode")
                        .asInt());
        for (String limit : new String[] {"0", "101", "-1", "ten", "1.5"}) {
            ObjectNode event = Lambda.event("list-orders.json");
            ((ObjectNode) event.get("queryStringParameters")).put("limit", limit);
            JsonNode response = Lambda.invoke(new ListOrdersHandler(service), event);
            assertEquals(400, response.get("statusCode").asInt(), limit);
            assertEquals(
                    "INVALID_LIMIT",
                    Lambda.body(response).get("error").get("code").asText());
        }
    }
}
