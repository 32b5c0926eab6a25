package dev.polystack.order;

import java.time.Duration;

/**
 * Projects order changes whose projection did not happen after their commit (a crash, a DynamoDB
 * error): every outbox row still unpublished after a grace period, oldest first. Safe to run
 * concurrently with the handlers and with itself: a projection is a put conditional on the order's
 * version, so a late or repeated event never replaces a newer summary.
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
            OrderService.publish(orders, readModel, entry.summary());
            projected++;
        }
        return new Run(projected, orders.oldestUnpublishedAgeSeconds());
    }
}
