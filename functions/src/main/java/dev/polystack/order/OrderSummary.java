package dev.polystack.order;

/** The read model of an order in the user's DynamoDB partition. */
public record OrderSummary(String userId, String orderId, String status, long totalCents, int itemCount, String createdAt) {
}
