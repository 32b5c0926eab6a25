package dev.polystack.lake;

import dev.polystack.MutableClock;
import dev.polystack.order.Order;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The outbox fake the lake's delivery tests use keeps the lake outbox's contract. The rows are written
 * as the order's SQL functions write them: a placement's CREATED row, a cancel's CANCELLED row with the
 * next version.
 */
class InMemoryLakeOutboxContractTest extends LakeOutboxContract {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final InMemoryLakeOutbox outbox = new InMemoryLakeOutbox(clock);

    @Override
    protected LakeOutbox outbox() {
        return outbox;
    }

    @Override
    protected String placeOrder(String userId) {
        String orderId = UUID.randomUUID().toString();
        outbox.record(
                "CREATED",
                userId,
                new Order(
                        orderId,
                        "CONFIRMED",
                        1,
                        100,
                        List.of(new Order.Item("p-1", "SKU-1", 1, 100)),
                        clock.instant().toString()));
        return orderId;
    }

    @Override
    protected void cancelOrder(String userId, String orderId) {
        Order placed = outbox.undelivered(Integer.MAX_VALUE).stream()
                .map(OrderChange::order)
                .filter(o -> o.orderId().equals(orderId))
                .reduce((earlier, later) -> later)
                .orElseThrow();
        outbox.record(
                "CANCELLED",
                userId,
                new Order(
                        orderId,
                        "CANCELLED",
                        placed.version() + 1,
                        placed.totalCents(),
                        placed.items(),
                        placed.createdAt()));
    }

    @Override
    protected void elapse(Duration time) {
        clock.now = clock.now.plus(time);
    }
}
