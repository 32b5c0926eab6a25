package dev.polystack.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LakeOutbox} does, run against the in-memory fake ({@code InMemoryLakeOutboxContractTest})
 * and against the Data API adapter on PostgreSQL ({@code RdsDataLakeOutboxContractIT}, a fresh database
 * per test, the orders placed and cancelled by the order adapter): every change listed oldest first with
 * its owner and the order after it, the lake's mark on exactly the rows named, and the backlog's age
 * counted from the oldest unmarked one. Each test starts with an empty outbox.
 */
public abstract class LakeOutboxContract {
    protected abstract LakeOutbox outbox();

    /** Places a one-line order for the user; its outbox row is a CREATED change of version 1. Answers its id. */
    protected abstract String placeOrder(String userId);

    /** The owner cancels the order: a CANCELLED change of version 2. */
    protected abstract void cancelOrder(String userId, String orderId);

    /** Lets this much time pass on the outbox's clock. */
    protected abstract void elapse(Duration time);

    private final String ada = UUID.randomUUID().toString();
    private final String grace = UUID.randomUUID().toString();

    private List<Long> ids(List<OrderChange> rows) {
        return rows.stream().map(OrderChange::outboxId).toList();
    }

    @Test
    void everyChangeIsListedOldestFirstWithItsOwnerAndTheOrderAfterIt() {
        String first = placeOrder(ada);
        String second = placeOrder(grace);
        cancelOrder(ada, first);

        List<OrderChange> rows = outbox().undelivered(10);
        assertEquals(
                List.of("CREATED", "CREATED", "CANCELLED"),
                rows.stream().map(OrderChange::event).toList());
        assertEquals(
                List.of(first, second, first),
                rows.stream().map(r -> r.order().orderId()).toList());
        assertEquals(
                List.of(ada, grace, ada), rows.stream().map(OrderChange::userId).toList());
        assertEquals(
                List.of(1L, 1L, 2L), rows.stream().map(r -> r.order().version()).toList());
        assertEquals(
                List.of("CONFIRMED", "CONFIRMED", "CANCELLED"),
                rows.stream().map(r -> r.order().status()).toList());
        assertTrue(rows.get(0).outboxId() < rows.get(1).outboxId()
                && rows.get(1).outboxId() < rows.get(2).outboxId());
        Instant placed = Instant.parse(rows.get(0).occurredAt());
        assertTrue(!Instant.parse(rows.get(2).occurredAt()).isBefore(placed), "committed in order: " + rows);
        assertEquals(1, rows.get(0).order().items().size());
    }

    @Test
    void theLimitTakesTheOldest() {
        placeOrder(ada);
        placeOrder(ada);
        placeOrder(grace);
        List<OrderChange> all = outbox().undelivered(10);
        assertEquals(3, all.size());
        assertEquals(ids(all.subList(0, 2)), ids(outbox().undelivered(2)));
    }

    @Test
    void theLakesMarkTakesExactlyTheRowsNamedAndIsSafeToRepeat() {
        placeOrder(ada);
        placeOrder(grace);
        placeOrder(ada);
        List<Long> ids = ids(outbox().undelivered(10));

        outbox().delivered(List.of(ids.get(0), ids.get(2)));
        assertEquals(List.of(ids.get(1)), ids(outbox().undelivered(10)));
        outbox().delivered(List.of(ids.get(0), ids.get(2)));
        outbox().delivered(List.of());
        assertEquals(List.of(ids.get(1)), ids(outbox().undelivered(10)));

        outbox().delivered(List.of(ids.get(1)));
        assertEquals(List.of(), outbox().undelivered(10));
    }

    @Test
    void theBacklogsAgeIsTheOldestUnmarkedRowsAndZeroWhenNone() {
        assertEquals(0, outbox().oldestUndeliveredAgeSeconds());
        placeOrder(ada);
        elapse(Duration.ofSeconds(2));
        placeOrder(grace);
        long age = outbox().oldestUndeliveredAgeSeconds();
        assertTrue(age >= 2 && age < 30, "the older row's age: " + age);

        List<Long> ids = ids(outbox().undelivered(10));
        outbox().delivered(List.of(ids.get(0)));
        long younger = outbox().oldestUndeliveredAgeSeconds();
        assertTrue(younger < age, "now the younger row's: " + younger + " (was " + age + ")");

        outbox().delivered(List.of(ids.get(1)));
        assertEquals(0, outbox().oldestUndeliveredAgeSeconds());
    }
}
