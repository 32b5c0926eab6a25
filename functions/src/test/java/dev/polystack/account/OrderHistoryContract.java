package dev.polystack.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link OrderHistory} does for an erasure: the fake ({@code InMemoryOrderHistoryContractTest}) and the
 * Data API adapter on PostgreSQL ({@code RdsDataOrderHistoryContractIT}).
 */
public abstract class OrderHistoryContract {
    protected abstract OrderHistory history();

    /** Places an order for {@code userId} whose outbox event is not published yet; its id. */
    protected abstract String unpublishedOrder(String userId);

    /** Whether the order's outbox events are all published. */
    protected abstract boolean published(String orderId);

    protected final String userId = "history-" + UUID.randomUUID();
    protected final String otherId = "history-" + UUID.randomUUID();

    @Test
    public void settlesEveryUnpublishedEventOfTheUserAndNoOneElsesAndIsSafeToRepeat() {
        String one = unpublishedOrder(userId);
        String two = unpublishedOrder(userId);
        String others = unpublishedOrder(otherId);
        assertEquals(2, history().settleOutbox(userId));
        assertTrue(published(one));
        assertTrue(published(two));
        assertFalse(published(others), "another user's event is the relay's");
        assertEquals(0, history().settleOutbox(userId), "safe to repeat");
    }

    @Test
    public void aUserWithNoOrdersSettlesNothing() {
        assertEquals(0, history().settleOutbox("history-" + UUID.randomUUID()));
    }
}
