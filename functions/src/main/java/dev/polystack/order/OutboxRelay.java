package dev.polystack.order;

import java.time.Duration;

/**
 * Projects orders whose projection did not happen after their commit (a crash, a DynamoDB error):
 * every outbox row still unpublished after a grace period. Safe to run concurrently with order
 * placement and with itself: projecting is an idempotent put.
 */
public final class OutboxRelay {
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    static final int BATCH = 100;

    private final OrderRepository orders;
    private final OrderReadModel readModel;
    private final Duration grace;

    public OutboxRelay(OrderRepository orders, OrderReadModel readModel, Duration grace) {
        this.orders = orders;
        this.readModel = readModel;
        this.grace = grace;
    }

    public record Run(int projected, long backlogAgeSeconds) {
    }

    /** Projects what waited too long, then measures what is left waiting. */
    public Run run() {
        int projected = 0;
        for (OrderRepository.OutboxEntry entry : orders.unpublished(grace, BATCH)) {
            readModel.project(entry.summary());
            orders.markPublished(entry.summary().orderId());
            projected++;
        }
        return new Run(projected, orders.oldestUnpublishedAgeSeconds());
    }
}
