package dev.polystack.lake.adapter;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystack.lake.LakeOutbox;
import dev.polystack.lake.OrderChange;
import dev.polystack.order.Order;
import dev.polystack.shared.adapter.DataApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The outbox's lake mark ({@code lake_delivered_at}, migration V8) through the Data API. The row's
 * payload is the order after the change with its owner's id; its {@code created_at} is when the change
 * committed (for a placement, the order's own {@code created_at}: one transaction, one {@code now()}).
 */
public final class RdsDataLakeOutbox implements LakeOutbox {
    static final String UNDELIVERED = """
            SELECT id, event, version, payload::text, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
            FROM outbox
            WHERE lake_delivered_at IS NULL
            ORDER BY id
            LIMIT :limit""";
    static final String DELIVERED =
            "UPDATE outbox SET lake_delivered_at = now() WHERE id = ANY (CAST(:ids AS bigint[])) AND lake_delivered_at IS NULL";
    static final String BACKLOG_AGE =
            "SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::bigint FROM outbox WHERE lake_delivered_at IS NULL";
    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final DataApi db;

    public RdsDataLakeOutbox(DataApi db) {
        this.db = db;
    }

    @Override
    public List<OrderChange> undelivered(int limit) {
        return db.execute(UNDELIVERED, DataApi.number("limit", limit)).records().stream()
                .map(row -> {
                    try {
                        JsonNode payload = JSON.readTree(DataApi.string(row, 3));
                        Order order = JSON.treeToValue(payload, Order.class);
                        // The column, not the payload: rows written before V7 carry no version in their payload.
                        Order versioned = new Order(
                                order.orderId(),
                                order.status(),
                                DataApi.longValue(row, 2),
                                order.totalCents(),
                                order.items(),
                                order.createdAt());
                        return new OrderChange(
                                DataApi.longValue(row, 0),
                                DataApi.string(row, 1),
                                payload.get("userId").asText(),
                                versioned,
                                DataApi.string(row, 4));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .toList();
    }

    @Override
    public void delivered(List<Long> outboxIds) {
        db.execute(
                DELIVERED,
                DataApi.text(
                        "ids", outboxIds.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"))));
    }

    @Override
    public long oldestUndeliveredAgeSeconds() {
        return DataApi.longValue(db.execute(BACKLOG_AGE).records().get(0), 0);
    }
}
