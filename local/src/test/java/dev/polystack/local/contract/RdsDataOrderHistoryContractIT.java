package dev.polystack.local.contract;

import dev.polystack.account.OrderHistory;
import dev.polystack.account.OrderHistoryContract;
import dev.polystack.account.adapter.RdsDataOrderHistory;
import dev.polystack.shared.adapter.DataApi;

/** The order history's contract against its adapter on PostgreSQL behind the Data API emulator; orders placed by the order adapter. */
class RdsDataOrderHistoryContractIT extends OrderHistoryContract {
    private final OrderHistory history = new RdsDataOrderHistory(LocalStores.dataApi());
    private final Placements placements = new Placements(LocalStores.dataApi(), "History product");

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
        return placements.place(userId);
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
