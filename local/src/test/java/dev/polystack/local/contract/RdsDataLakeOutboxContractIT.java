package dev.polystack.local.contract;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.polystack.catalog.ProductDraft;
import dev.polystack.catalog.adapter.RdsDataProductRepository;
import dev.polystack.lake.LakeOutbox;
import dev.polystack.lake.LakeOutboxContract;
import dev.polystack.lake.adapter.RdsDataLakeOutbox;
import dev.polystack.local.FreshDatabase;
import dev.polystack.migration.MigrationService;
import dev.polystack.migration.adapter.RdsDataMigrationTarget;
import dev.polystack.order.IdempotencyKey;
import dev.polystack.order.OrderLine;
import dev.polystack.order.OrderRequest;
import dev.polystack.order.Placement;
import dev.polystack.order.Transition;
import dev.polystack.order.adapter.RdsDataOrderRepository;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/**
 * The lake outbox's contract against its Data API adapter on PostgreSQL. A fresh database per test,
 * migrated by the shipped scripts: the running stack's relay delivers every row of its own outbox to
 * the lake within a second, so a row there could not be held undelivered.
 */
class RdsDataLakeOutboxContractIT extends LakeOutboxContract {
    private final FreshDatabase database = FreshDatabase.create("lake_outbox_contract");
    private final LakeOutbox outbox = new RdsDataLakeOutbox(database.dataApi());
    private final RdsDataOrderRepository orders = new RdsDataOrderRepository(database.dataApi());
    private final String productId = UUID.randomUUID().toString();

    {
        new MigrationService(new RdsDataMigrationTarget(database.dataApi()), MigrationService.fromClasspath())
                .migrate();
        new RdsDataProductRepository(database.dataApi(), RdsDataProductRepository.DEFAULT_LANGUAGE)
                .create(
                        productId,
                        new ProductDraft("SKU-" + productId, "Lake product", "", 100, 100),
                        UUID.randomUUID().toString(),
                        UUID.randomUUID().toString())
                .orElseThrow();
    }

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
        Placement placement = orders.place(
                UUID.randomUUID().toString(),
                userId,
                new IdempotencyKey("lake-" + UUID.randomUUID()),
                OrderRequest.of(List.of(new OrderLine(productId, 1))));
        return assertInstanceOf(Placement.Created.class, placement).order().orderId();
    }

    @Override
    protected void cancelOrder(String userId, String orderId) {
        assertInstanceOf(Transition.Changed.class, orders.cancel(userId, orderId));
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
