package dev.polystack.account;

import dev.polystack.session.InMemorySessions;
import dev.polystack.user.InMemoryUsers;
import java.util.UUID;

/** The erasure fake's outbox keeps the order history's contract. */
class InMemoryOrderHistoryContractTest extends OrderHistoryContract {
    private final InMemoryAccount account = new InMemoryAccount(new InMemoryUsers(), new InMemorySessions());

    @Override
    protected OrderHistory history() {
        return account;
    }

    @Override
    protected String unpublishedOrder(String userId) {
        String orderId = UUID.randomUUID().toString();
        account.outbox.put(orderId, userId + "|false");
        return orderId;
    }

    @Override
    protected boolean published(String orderId) {
        return account.outbox.get(orderId).endsWith("|true");
    }
}
