package dev.polystack.account.adapter;

import dev.polystack.account.OrderHistory;
import dev.polystack.shared.adapter.DataApi;

/** The user's orders stay; their unpublished outbox events are marked published, so the relay never projects them again. */
public final class RdsDataOrderHistory implements OrderHistory {
    static final String SETTLE_OUTBOX = "UPDATE outbox SET published_at = now() "
            + "WHERE published_at IS NULL AND order_id IN (SELECT id FROM orders WHERE user_id = :userId)";

    private final DataApi dataApi;

    public RdsDataOrderHistory(DataApi dataApi) {
        this.dataApi = dataApi;
    }

    @Override
    public int settleOutbox(String userId) {
        Long updated =
                dataApi.execute(SETTLE_OUTBOX, DataApi.text("userId", userId)).numberOfRecordsUpdated();
        return updated == null ? 0 : updated.intValue();
    }
}
