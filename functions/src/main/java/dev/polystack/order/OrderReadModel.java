package dev.polystack.order;

import java.util.List;
import java.util.Optional;

/** The per-user order list in DynamoDB, projected from PostgreSQL's outbox. */
public interface OrderReadModel {
    /**
     * Writes the summary unless the stored one is at least as new (same or higher version) or its owner's
     * account no longer exists. Every outcome is final: the outbox row is done.
     */
    Projection project(OrderSummary summary);

    Page list(String userId, int limit, Optional<String> cursor);

    enum Projection {
        /** The summary now shows this version. */
        WRITTEN,
        /** The stored summary was at this version or a later one: a repeated or late event, left alone. */
        ALREADY_NEWER,
        /** The owner's profile is gone (the account was erased): nothing written, nothing to recreate. */
        ACCOUNT_GONE
    }

    record Page(List<OrderSummary> items, Optional<String> nextCursor) {}
}
