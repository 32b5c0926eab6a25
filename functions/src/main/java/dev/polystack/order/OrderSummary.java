package dev.polystack.order;

/**
 * The read model of an order in the user's DynamoDB partition, at the order's {@code version} (1 when
 * placed, one more per change): a summary is only ever replaced by one with a higher version.
 */
public record OrderSummary(
        String userId, String orderId, String status, long totalCents, int itemCount, String createdAt, long version) {
    public OrderSummary {
        if (version < 1) {
            throw new IllegalArgumentException("an order's version starts at 1: " + version);
        }
    }

    /** A summary of a newly placed order (version 1). */
    public OrderSummary(
            String userId, String orderId, String status, long totalCents, int itemCount, String createdAt) {
        this(userId, orderId, status, totalCents, itemCount, createdAt, 1);
    }
}
