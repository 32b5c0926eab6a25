package dev.polystack.lake;

import dev.polystack.order.Order;

/**
 * One row of the order outbox as the lake reads it: the order as it was after the change, the change
 * ({@code CREATED}, {@code CANCELLED}, {@code SHIPPED}, {@code DELIVERED}), its owner and when it committed.
 */
public record OrderChange(long outboxId, String event, String userId, Order order, String occurredAt) {}
