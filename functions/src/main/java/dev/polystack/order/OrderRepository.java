package dev.polystack.order;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Orders in PostgreSQL, the source of truth. */
public interface OrderRepository {
    /** All or nothing, and idempotent per user and key. */
    Placement place(String orderId, String userId, IdempotencyKey key, OrderRequest request);

    Optional<Order> find(String userId, String orderId);

    /** Every order of the user, oldest first, from the source of truth (for the user's data export). */
    List<Order> history(String userId);

    /** Outbox rows not yet projected and older than {@code grace}, oldest first. */
    List<OutboxEntry> unpublished(Duration grace, int limit);

    void markPublished(String orderId);

    /** How long the oldest unpublished outbox row has waited (0 when none): the relay's health signal. */
    long oldestUnpublishedAgeSeconds();

    record OutboxEntry(long id, OrderSummary summary) {
    }
}
