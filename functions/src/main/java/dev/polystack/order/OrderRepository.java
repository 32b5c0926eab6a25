package dev.polystack.order;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Orders in PostgreSQL, the source of truth. */
public interface OrderRepository {
    /** All or nothing, and idempotent per user and key. */
    Placement place(String orderId, String userId, IdempotencyKey key, OrderRequest request);

    Optional<Order> find(String userId, String orderId);

    /** Every order of the user, oldest first, from the source of truth (for the user's data export). */
    List<Order> history(String userId);

    /**
     * The owner cancels a CONFIRMED order: status, stock returned, version and outbox row in one
     * transaction. A second cancel is {@link Transition.Unchanged} and returns nothing more.
     */
    Transition cancel(String userId, String orderId);

    /**
     * Moves any user's order from {@code from} to {@code to} under the row lock; {@code from} empty means
     * no move reaches {@code to} (always a conflict, naming the current status). Already at {@code to}
     * is {@link Transition.Unchanged}.
     */
    Transition changeStatus(String orderId, Optional<OrderStatus> from, OrderStatus to);

    /** Outbox rows not yet projected and older than {@code grace}, oldest first. */
    List<OutboxEntry> unpublished(Duration grace, int limit);

    /** The order's outbox rows up to {@code version} are done: its summary shows that version or a later one. */
    void markPublished(String orderId, long version);

    /**
     * Every outbox row written at or after {@code from} made unpublished again, so the relay projects
     * those changes once more (a recovery, after DynamoDB and PostgreSQL were restored to slightly
     * different moments). Returns how many rows.
     */
    int markUnpublishedSince(Instant from);

    /** How long the oldest unpublished outbox row has waited (0 when none): the relay's health signal. */
    long oldestUnpublishedAgeSeconds();

    record OutboxEntry(long id, OrderSummary summary) {}
}
