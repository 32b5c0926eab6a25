package dev.polystack.order;

import java.util.List;

/**
 * An order as the API returns it; prices are the database's at the time of the order. {@code version}
 * is 1 when placed and one more per status change.
 */
public record Order(String orderId, String status, long version, long totalCents, List<Item> items, String createdAt) {
    public record Item(String productId, String sku, int quantity, long unitPriceCents) {}

    public OrderSummary summary(String userId) {
        return new OrderSummary(
                userId,
                orderId,
                status,
                totalCents,
                items.stream().mapToInt(Item::quantity).sum(),
                createdAt,
                version);
    }
}
