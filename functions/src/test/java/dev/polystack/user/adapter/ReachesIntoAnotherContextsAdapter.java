package dev.polystack.user.adapter;

import dev.polystack.order.adapter.DynamoOrderReadModel;

/** Deliberately wrong, for {@code ArchitectureTest}: a user-context class that uses the order context's adapter. */
public final class ReachesIntoAnotherContextsAdapter {
    public static String orderItemType() {
        return DynamoOrderReadModel.ITEMS.type();
    }
}
