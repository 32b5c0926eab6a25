package dev.polystack.order.adapter;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.polystack.order.IdempotencyKey;
import dev.polystack.order.Order;
import dev.polystack.order.OrderLine;
import dev.polystack.order.OrderRepository;
import dev.polystack.order.OrderRequest;
import dev.polystack.order.OrderStatus;
import dev.polystack.order.OrderSummary;
import dev.polystack.order.Placement;
import dev.polystack.order.Transition;
import dev.polystack.shared.adapter.DataApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.rdsdata.model.Field;

/**
 * Orders through the Data API. Placing an order is one call: {@code place_order} (R__place_order.sql)
 * does the idempotency check, the refusals (answered without locking), the inserts and the stock taken
 * from the product's shards (R__stock.sql) in one statement, so the call is one atomic transaction and a
 * retry with the same key is harmless; a wait for stock is bounded (STOCK_BUSY). The function
 * reports every outcome as a result, a key another writer took first included: nothing here reads
 * PostgreSQL's error messages. Cancelling ({@code cancel_order}) and an administrator's status change
 * ({@code set_order_status}) are one statement each too: the order row locked, the change,
 * the stock returned (cancel), the version bumped and the outbox row written, or an outcome and nothing.
 */
public final class RdsDataOrderRepository implements OrderRepository {
    static final String PLACE =
            "SELECT place_order(:orderId, :userId, :idempotencyKey, :requestHash, CAST(:items AS jsonb))::text";
    static final String FIND = "SELECT order_json(id)::text FROM orders WHERE id = :orderId AND user_id = :userId";
    /** One page of a user's orders, oldest first; pages keep each Data API answer far below its 1 MB limit. */
    static final String HISTORY_PAGE = """
            SELECT order_json(id)::text FROM orders WHERE user_id = :userId
            ORDER BY created_at, id LIMIT :limit OFFSET :offset""";

    static final int HISTORY_PAGE_SIZE = 200;
    static final String CANCEL = "SELECT cancel_order(:orderId, :userId)::text";
    static final String SET_STATUS = "SELECT set_order_status(:orderId, CAST(:from AS text), :to)::text";
    static final String UNPUBLISHED = """
            SELECT id, payload::text, version
            FROM outbox
            WHERE published_at IS NULL AND created_at < now() - make_interval(secs => :graceSeconds)
            ORDER BY id
            LIMIT :limit""";
    static final String BACKLOG_AGE =
            "SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::bigint FROM outbox WHERE published_at IS NULL";
    static final String MARK_UNPUBLISHED_SINCE =
            "UPDATE outbox SET published_at = NULL WHERE created_at >= CAST(:from AS timestamptz) AND published_at IS NOT NULL";
    static final String MARK_PUBLISHED =
            "UPDATE outbox SET published_at = now() WHERE order_id = :orderId AND version <= :version AND published_at IS NULL";
    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final DataApi db;

    public RdsDataOrderRepository(DataApi db) {
        this.db = db;
    }

    @Override
    public Placement place(String orderId, String userId, IdempotencyKey key, OrderRequest request) {
        ArrayNode items = JSON.createArrayNode();
        for (OrderLine line : request.lines()) {
            items.addObject().put("productId", line.productId()).put("quantity", line.quantity());
        }
        return placement(call(orderId, userId, key, request, items));
    }

    private JsonNode call(String orderId, String userId, IdempotencyKey key, OrderRequest request, ArrayNode items) {
        List<Field> row = db.execute(
                        PLACE,
                        DataApi.uuid("orderId", orderId),
                        DataApi.text("userId", userId),
                        DataApi.text("idempotencyKey", key.value()),
                        DataApi.text("requestHash", request.hash()),
                        DataApi.json("items", items.toString()))
                .records()
                .get(0);
        return parse(DataApi.string(row, 0));
    }

    private static Placement placement(JsonNode result) {
        return switch (result.get("outcome").asText()) {
            case "CREATED" -> new Placement.Created(toOrder(result.get("order")));
            case "EXISTING" -> new Placement.Existing(toOrder(result.get("order")));
            case "KEY_REUSED" -> new Placement.KeyReused();
            case "UNKNOWN_PRODUCT" ->
                new Placement.UnknownProduct(result.get("productId").asText());
            case "PRODUCT_ARCHIVED" ->
                new Placement.ProductArchived(result.get("productId").asText());
            case "OUT_OF_STOCK" ->
                new Placement.OutOfStock(
                        result.get("productId").asText(),
                        result.get("sku").asText(),
                        result.get("available").asInt(),
                        result.get("requested").asInt());
            case "STOCK_BUSY" -> new Placement.StockBusy();
            default -> throw new IllegalStateException("unexpected place_order outcome " + result.get("outcome"));
        };
    }

    @Override
    public Optional<Order> find(String userId, String orderId) {
        List<List<Field>> rows = db.execute(FIND, DataApi.uuid("orderId", orderId), DataApi.text("userId", userId))
                .records();
        return rows.isEmpty() ? Optional.empty() : Optional.of(toOrder(parse(DataApi.string(rows.get(0), 0))));
    }

    @Override
    public List<Order> history(String userId) {
        List<Order> orders = new ArrayList<>();
        for (int offset = 0; ; offset += HISTORY_PAGE_SIZE) {
            List<List<Field>> rows = db.execute(
                            HISTORY_PAGE,
                            DataApi.text("userId", userId),
                            DataApi.number("limit", HISTORY_PAGE_SIZE),
                            DataApi.number("offset", offset))
                    .records();
            rows.forEach(row -> orders.add(toOrder(parse(DataApi.string(row, 0)))));
            if (rows.size() < HISTORY_PAGE_SIZE) {
                return orders;
            }
        }
    }

    @Override
    public Transition cancel(String userId, String orderId) {
        return transition(
                parse(DataApi.string(
                        db.execute(CANCEL, DataApi.uuid("orderId", orderId), DataApi.text("userId", userId))
                                .records()
                                .get(0),
                        0)),
                userId);
    }

    @Override
    public Transition changeStatus(String orderId, Optional<OrderStatus> from, OrderStatus to) {
        JsonNode result = parse(DataApi.string(
                db.execute(
                                SET_STATUS,
                                DataApi.uuid("orderId", orderId),
                                DataApi.text("from", from.map(OrderStatus::name).orElse(null)),
                                DataApi.text("to", to.name()))
                        .records()
                        .get(0),
                0));
        return transition(result, result.path("userId").asText(null));
    }

    private static Transition transition(JsonNode result, String userId) {
        return switch (result.get("outcome").asText()) {
            case "CANCELLED", "CHANGED" -> new Transition.Changed(toOrder(result.get("order")), userId);
            case "ALREADY_CANCELLED", "UNCHANGED" -> new Transition.Unchanged(toOrder(result.get("order")));
            case "NOT_FOUND" -> new Transition.NotFound();
            case "NOT_CANCELLABLE", "CONFLICT" ->
                new Transition.Conflict(OrderStatus.valueOf(result.get("status").asText()));
            case "STOCK_OUT_OF_RANGE" ->
                new Transition.StockOutOfRange(result.get("productId").asText());
            default -> throw new IllegalStateException("unexpected order transition outcome " + result.get("outcome"));
        };
    }

    @Override
    public List<OutboxEntry> unpublished(Duration grace, int limit) {
        return db
                .execute(UNPUBLISHED, DataApi.number("graceSeconds", grace.toSeconds()), DataApi.number("limit", limit))
                .records()
                .stream()
                .map(row -> {
                    JsonNode payload = parse(DataApi.string(row, 1));
                    Order order = toOrder(payload);
                    // The column, not the payload: rows written before V7 carry no version in their payload.
                    OrderSummary summary = order.summary(payload.get("userId").asText());
                    return new OutboxEntry(
                            DataApi.longValue(row, 0),
                            new OrderSummary(
                                    summary.userId(),
                                    summary.orderId(),
                                    summary.status(),
                                    summary.totalCents(),
                                    summary.itemCount(),
                                    summary.createdAt(),
                                    DataApi.longValue(row, 2)));
                })
                .toList();
    }

    @Override
    public void markPublished(String orderId, long version) {
        db.execute(MARK_PUBLISHED, DataApi.uuid("orderId", orderId), DataApi.number("version", version));
    }

    @Override
    public int markUnpublishedSince(java.time.Instant from) {
        return Math.toIntExact(db.execute(MARK_UNPUBLISHED_SINCE, DataApi.text("from", from.toString()))
                .numberOfRecordsUpdated());
    }

    @Override
    public long oldestUnpublishedAgeSeconds() {
        return DataApi.longValue(db.execute(BACKLOG_AGE).records().get(0), 0);
    }

    static Order toOrder(JsonNode json) {
        try {
            return JSON.treeToValue(json, Order.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
