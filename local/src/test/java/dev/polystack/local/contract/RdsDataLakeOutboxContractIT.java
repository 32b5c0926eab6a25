package dev.polystack.local.contract;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.polystack.lake.LakeOutbox;
import dev.polystack.lake.LakeOutboxContract;
import dev.polystack.lake.adapter.RdsDataLakeOutbox;
import dev.polystack.local.FreshDatabase;
import dev.polystack.order.Transition;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/**
 * The lake outbox's contract against its Data API adapter on PostgreSQL. A fresh database per test,
 * with the shipped migrations: the running stack's relay delivers every row of its own outbox to
 * the lake within a second, so a row there could not be held undelivered.
 */
class RdsDataLakeOutboxContractIT extends LakeOutboxContract {
    private final FreshDatabase database = FreshDatabase.migrated("lake_outbox_contract");
    private final LakeOutbox outbox = new RdsDataLakeOutbox(database.dataApi());
    private final Placements placements = new Placements(database.dataApi(), "Lake product");

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Override
    protected LakeOutbox outbox() {
        return outbox;
    }

    @Override
    protected String placeOrder(String userId) {
        return placements.place(userId);
    }

    @Override
    protected void cancelOrder(String userId, String orderId) {
        assertInstanceOf(Transition.Changed.class, placements.orders.cancel(userId, orderId));
    }

    @Override
    protected void elapse(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
