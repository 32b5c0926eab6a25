package dev.polystack.session.adapter;

import dev.polystack.session.Session;
import dev.polystack.session.SessionStore;
import dev.polystack.shared.RateLimiter;
import dev.polystack.shared.adapter.DynamoRateLimiter;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import dev.polystack.shared.adapter.SingleTable;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

public final class DynamoSessionStore implements SessionStore {
    private final DynamoDbTable<SessionItem> sessions;
    private final DynamoDbClient dynamo;
    private final DynamoRateLimiter limiter;

    public DynamoSessionStore(DynamoDbEnhancedClient enhanced, DynamoDbClient dynamo, String tableName, DynamoRateLimiter limiter) {
        this.sessions = enhanced.table(tableName, SessionItem.SCHEMA);
        this.dynamo = dynamo;
        this.limiter = limiter;
    }

    @Override
    public void put(Session session) {
        sessions.putItem(SessionItem.of(session));
    }

    /**
     * One {@code TransactWriteItems}: the session and the login's attempts given back. If a counter
     * cannot be given back (its window's item is gone, or a concurrent login holds it), the session is
     * stored alone: giving back is a courtesy, the session is not.
     */
    @Override
    public void putGivingBack(Session session, RateLimiter rateLimiter, List<RateLimiter.Limit> attempt, Instant takenAt) {
        if (rateLimiter != limiter || attempt.isEmpty()) {
            SessionStore.super.putGivingBack(session, rateLimiter, attempt, takenAt);
            return;
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(sessions.tableName())
                .item(SessionItem.SCHEMA.itemToMap(SessionItem.of(session), true)).build()).build());
        writes.addAll(limiter.giveBackWrites(attempt, takenAt));
        try {
            dynamo.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException notGivenBack) {
            put(session);
        }
    }

    /** A consistent read, so a session deleted a moment ago is not seen again. */
    @Override
    public Optional<Session> find(String tokenHash, Instant now) {
        SessionItem item = sessions.getItem(r -> r.key(key(tokenHash)).consistentRead(true));
        if (item == null || item.expiresAt() == null) {
            return Optional.empty();
        }
        Session session = item.toSession(tokenHash);
        return session.expiredAt(now) ? Optional.empty() : Optional.of(session);
    }

    @Override
    public boolean delete(String tokenHash, String userId) {
        try {
            sessions.deleteItem(r -> r.key(key(tokenHash)).conditionExpression(Expression.builder()
                    .expression("#user = :user")
                    .putExpressionName("#user", SessionItem.USER_ID)
                    .putExpressionValue(":user", AttributeValue.fromS(userId))
                    .build()));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Key key(String tokenHash) {
        return Key.builder().partitionValue(SingleTable.sessionKey(tokenHash)).sortValue(SingleTable.SESSION).build();
    }
}
