package dev.polystack.lake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.order.Order;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One row of {@link LakeTable}: one product line of one version of one order. The record Firehose
 * receives is this as JSON with the table's column names; the customer appears only as {@code customerKey}.
 */
public record OrderFact(
        String orderId,
        long version,
        String event,
        String status,
        String customerKey,
        String placedAt,
        String occurredAt,
        long orderTotalCents,
        int orderLines,
        String productId,
        String sku,
        int quantity,
        long unitPriceCents) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The facts of one change, one per product line. {@code customerKey} is null once the account is erased. */
    public static List<OrderFact> of(OrderChange change, String customerKey) {
        Order order = change.order();
        return order.items().stream()
                .map(item -> new OrderFact(
                        order.orderId(),
                        order.version(),
                        change.event(),
                        order.status(),
                        customerKey,
                        order.createdAt(),
                        change.occurredAt(),
                        order.totalCents(),
                        order.items().size(),
                        item.productId(),
                        item.sku(),
                        item.quantity(),
                        item.unitPriceCents()))
                .toList();
    }

    public byte[] json() {
        ObjectNode row = JSON.createObjectNode()
                .put("order_id", orderId)
                .put("version", version)
                .put("event", event)
                .put("status", status)
                .put("customer_key", customerKey)
                .put("placed_at", placedAt)
                .put("placed_on", placedAt.substring(0, 10))
                .put("placed_hour", Integer.parseInt(placedAt.substring(11, 13)))
                .put("occurred_at", occurredAt)
                .put("order_total_cents", orderTotalCents)
                .put("order_lines", orderLines)
                .put("product_id", productId)
                .put("sku", sku)
                .put("quantity", quantity)
                .put("unit_price_cents", unitPriceCents);
        try {
            return JSON.writeValueAsString(row).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
