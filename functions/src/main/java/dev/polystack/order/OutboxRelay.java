package dev.polystack.order;

import dev.polystack.lake.LakeDelivery;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Projects order changes whose projection did not happen after their commit (a crash, a DynamoDB
 * error): every outbox row still unpublished after a grace period, oldest first. Safe to run
 * concurrently with the handlers and with itself: a projection is a put conditional on the order's
 * version, so a late or repeated event never replaces a newer summary. Then, when the deployment has
 * an order lake, delivers every change the lake has not yet accepted ({@link LakeDelivery}).
 */
public final class OutboxRelay {
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    static final int BATCH = 100;
    static final int MAX_REPROJECTION_BATCHES = 10_000;

    private final OrderRepository orders;
    private final OrderReadModel readModel;
    private final Duration grace;
    private final Optional<LakeDelivery> lake;

    public OutboxRelay(OrderRepository orders, OrderReadModel readModel, Duration grace) {
        this(orders, readModel, grace, Optional.empty());
    }

    public OutboxRelay(OrderRepository orders, OrderReadModel readModel, Duration grace, Optional<LakeDelivery> lake) {
        this.orders = orders;
        this.readModel = readModel;
        this.grace = grace;
        this.lake = lake;
    }

    /** What one run did; {@code lake} is empty without an order lake. */
    public record Run(int projected, long backlogAgeSeconds, Optional<LakeDelivery.Run> lake) {}

    /**
     * A recovery's re-projection: every change written at or after {@code from} projected again, oldest
     * first, until none is left (bounded, should writes keep arriving). A projection never replaces a
     * newer summary, and one whose owner was erased is skipped, so running this twice is harmless.
     */
    public int reprojectSince(java.time.Instant from) {
        orders.markUnpublishedSince(from);
        int projected = 0;
        for (int batches = 0; batches < MAX_REPROJECTION_BATCHES; batches++) {
            List<OrderRepository.OutboxEntry> batch = orders.unpublished(Duration.ZERO, BATCH);
            if (batch.isEmpty()) {
                return projected;
            }
            for (OrderRepository.OutboxEntry entry : batch) {
                OrderService.publish(orders, readModel, entry.summary());
                projected++;
            }
        }
        throw new IllegalStateException("still unpublished outbox rows after " + MAX_REPROJECTION_BATCHES
                + " batches of " + BATCH + "; run the recovery again");
    }

    /** Projects what waited too long, then measures what is left waiting. */
    public Run run() {
        int projected = 0;
        for (OrderRepository.OutboxEntry entry : orders.unpublished(grace, BATCH)) {
            OrderService.publish(orders, readModel, entry.summary());
            projected++;
        }
        long backlog = orders.oldestUnpublishedAgeSeconds();
        return new Run(projected, backlog, lake.map(LakeDelivery::deliver));
    }
}
