package dev.polystack.order;

import java.util.List;
import java.util.Optional;

/** The per-user order list in DynamoDB, projected from PostgreSQL. */
public interface OrderReadModel {
    /** Idempotent: projecting the same order twice leaves one summary. */
    void project(OrderSummary summary);

    Page list(String userId, int limit, Optional<String> cursor);

    record Page(List<OrderSummary> items, Optional<String> nextCursor) {
    }
}
