package dev.polystack.lake;

import dev.polystack.order.Order;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The outbox as the lake's delivery sees it, in memory, for the fast tier ({@code LakeOutboxContract}
 * holds it to {@code RdsDataLakeOutbox}): rows by id, the ones the lake accepted marked, and the
 * backlog's age counted on its clock from the oldest unmarked row's commit time.
 */
public final class InMemoryLakeOutbox implements LakeOutbox {
    final List<OrderChange> rows = new ArrayList<>();
    final Set<Long> delivered = new LinkedHashSet<>();
    private final Clock clock;

    public InMemoryLakeOutbox(Clock clock) {
        this.clock = clock;
    }

    /** Appends a row, as the order's SQL functions do in the change's transaction: the next id, committed now. */
    public synchronized OrderChange record(String event, String userId, Order order) {
        long id = rows.stream().mapToLong(OrderChange::outboxId).max().orElse(0) + 1;
        OrderChange row = new OrderChange(
                id,
                event,
                userId,
                order,
                clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
        rows.add(row);
        return row;
    }

    @Override
    public synchronized List<OrderChange> undelivered(int limit) {
        return rows.stream()
                .filter(r -> !delivered.contains(r.outboxId()))
                .sorted(Comparator.comparingLong(OrderChange::outboxId))
                .limit(limit)
                .toList();
    }

    /** Marks the rows there are; an id without a row marks nothing (the adapter's UPDATE finds none). */
    @Override
    public synchronized void delivered(List<Long> outboxIds) {
        rows.stream().map(OrderChange::outboxId).filter(outboxIds::contains).forEach(delivered::add);
    }

    /** Whole seconds, rounded as PostgreSQL's cast of the epoch difference to bigint rounds. */
    @Override
    public synchronized long oldestUndeliveredAgeSeconds() {
        return undelivered(Integer.MAX_VALUE).stream()
                .map(r -> Instant.parse(r.occurredAt()))
                .min(Comparator.naturalOrder())
                .map(oldest ->
                        Math.round(Duration.between(oldest, clock.instant()).toMillis() / 1000.0))
                .orElse(0L);
    }
}
