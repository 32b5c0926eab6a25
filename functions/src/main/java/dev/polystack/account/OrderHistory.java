package dev.polystack.account;

/**
 * The user's orders in PostgreSQL, which stay (accounting): the erasure only stops the outbox from
 * projecting them again into DynamoDB.
 */
public interface OrderHistory {
    /** Marks the user's unpublished outbox events published; how many. Safe to repeat. */
    int settleOutbox(String userId);
}
