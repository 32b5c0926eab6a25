package dev.polystack.order;

import java.util.List;

/** A placed order as the API returns it; prices are the database's at the time of the order. */
public record Order(String orderId, String status, long totalCents, List<Item> items, String createdAt) {
    public record Item(String productId, String sku, int quantity, long unitPriceCents) {
    }

    public OrderSummary summary(String userId) {
        return new OrderSummary(userId, orderId, status, totalCents, items.stream().mapToInt(Item::quantity).sum(), createdAt);
    }
}
