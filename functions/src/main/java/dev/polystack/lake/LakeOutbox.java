package dev.polystack.lake;

import java.util.List;

/** The order outbox in PostgreSQL as the lake's delivery sees it: its own "delivered" mark, apart from the projection's. */
public interface LakeOutbox {
    /** Rows not yet accepted by the lake's stream, oldest first. */
    List<OrderChange> undelivered(int limit);

    /** The stream accepted every record of these rows. Safe to repeat. */
    void delivered(List<Long> outboxIds);

    /** How long the oldest undelivered row has waited (0 when none). */
    long oldestUndeliveredAgeSeconds();
}
