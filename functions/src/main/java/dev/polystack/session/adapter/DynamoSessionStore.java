package dev.polystack.session.adapter;

import dev.polystack.session.Session;
import dev.polystack.session.SessionStore;
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

    public DynamoSessionStore(DynamoDbEnhancedClient enhanced, String tableName) {
        this.sessions = enhanced.table(tableName, SessionItem.SCHEMA);
    }

    @Override
    public void put(Session session) {
        sessions.putItem(SessionItem.of(session));
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
