package dev.polystack.local.contract;

import dev.polystack.account.OrderHistory;
import dev.polystack.account.OrderHistoryContract;
import dev.polystack.account.adapter.RdsDataOrderHistory;
import dev.polystack.catalog.ProductDraft;
import dev.polystack.catalog.adapter.RdsDataProductRepository;
import dev.polystack.order.IdempotencyKey;
import dev.polystack.order.OrderLine;
import dev.polystack.order.OrderRequest;
import dev.polystack.order.Placement;
import dev.polystack.order.adapter.RdsDataOrderRepository;
import dev.polystack.shared.adapter.DataApi;
import java.util.List;
import java.util.UUID;

/** The order history's contract against its adapter on PostgreSQL behind the Data API emulator; orders placed by the order adapter. */
class RdsDataOrderHistoryContractIT extends OrderHistoryContract {
    private final OrderHistory history = new RdsDataOrderHistory(LocalStores.dataApi());
    private final RdsDataOrderRepository orders = new RdsDataOrderRepository(LocalStores.dataApi());
    private final String productId = product();

    private static String product() {
        String id = UUID.randomUUID().toString();
        new RdsDataProductRepository(LocalStores.dataApi(), RdsDataProductRepository.DEFAULT_LANGUAGE)
                .create(
                        id,
                        new ProductDraft("SKU-" + id, "History product", "", 100, 100),
                        UUID.randomUUID().toString(),
                        "7f1c3e0a-3b9e-4c55-9d2f-0c4f5b6a7e81")
                .orElseThrow();
        return id;
    }

    /** The other user's order stays unpublished by the test; the shared stack's relay is not handed it. */
    @org.junit.jupiter.api.AfterEach
    void settleTheOtherUsersOrder() {
        history.settleOutbox(otherId);
    }

    @Override
    protected OrderHistory history() {
        return history;
    }

    @Override
    protected String unpublishedOrder(String userId) {
        Placement placement = orders.place(
                UUID.randomUUID().toString(),
                userId,
                new IdempotencyKey("history-" + UUID.randomUUID()),
                OrderRequest.of(List.of(new OrderLine(productId, 1))));
        return ((Placement.Created) placement).order().orderId();
    }

    @Override
    protected boolean published(String orderId) {
        return LocalStores.dataApi()
                        .execute(
                                "SELECT count(*) FROM outbox WHERE order_id = :id AND published_at IS NULL",
                                DataApi.uuid("id", orderId))
                        .records()
                        .get(0)
                        .get(0)
                        .longValue()
                == 0;
    }
}
