package dev.polystack.session.adapter;

import dev.polystack.session.Session;
import dev.polystack.session.SessionStore;
import dev.polystack.shared.Role;
import dev.polystack.shared.adapter.SingleTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Sessions in the single table. A login writes, in one {@code TransactWriteItems}: the session and its
 * pointer in the user's partition (so a role change finds the user's sessions). That the session's roles are still the user's is the login's check, after
 * this write (SessionService): the store touches only the session context's items.
 */
public final class DynamoSessionStore implements SessionStore {
    /** DynamoDB's limit of items per {@code TransactWriteItems}: 50 sessions with their pointers. */
    static final int MAX_TRANSACTION_ITEMS = 100;

    private final DynamoDbTable<SessionItem> sessions;
    private final DynamoDbClient dynamo;

    public DynamoSessionStore(DynamoDbEnhancedClient enhanced, DynamoDbClient dynamo, String tableName) {
        this.sessions = enhanced.table(tableName, SessionItem.SCHEMA);
        this.dynamo = dynamo;
    }

    @Override
    public void put(Session session) {
        dynamo.transactWriteItems(b -> b.transactItems(sessionWrites(session)));
    }

    /** The session and its pointer. */
    private List<TransactWriteItem> sessionWrites(Session session) {
        return List.of(
                TransactWriteItem.builder()
                        .put(Put.builder()
                                .tableName(sessions.tableName())
                                .item(SessionItem.SCHEMA.itemToMap(SessionItem.of(session), true))
                                .build())
                        .build(),
                TransactWriteItem.builder()
                        .put(Put.builder()
                                .tableName(sessions.tableName())
                                .item(SessionPointerItem.SCHEMA.itemToMap(SessionPointerItem.of(session), true))
                                .build())
                        .build());
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

    /** The session only: its pointer expires with it, and a role change that meets a pointer without a session removes it. */
    @Override
    public boolean delete(String tokenHash, String userId) {
        try {
            sessions.deleteItem(r -> r.key(key(tokenHash))
                    .conditionExpression(Expression.builder()
                            .expression("#user = :user")
                            .putExpressionName("#user", SessionItem.USER_ID)
                            .putExpressionValue(":user", AttributeValue.fromS(userId))
                            .build()));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * The user's pointers (a consistent Query, so a session stored a moment ago is found), then one
     * conditional UpdateItem per live session. A pointer whose session has ended is deleted.
     */
    @Override
    public int updateRoles(String userId, Set<Role> newRoles, Instant now) {
        int updated = 0;
        for (Map<String, AttributeValue> pointer : pointers(userId)) {
            SessionPointerItem item = SessionPointerItem.SCHEMA.mapToItem(pointer);
            if (item.expiresAt() != null && item.expiresAt() <= now.getEpochSecond()) {
                continue;
            }
            if (setRoles(item.tokenHash(), userId, newRoles)) {
                updated++;
            } else {
                dynamo.deleteItem(b -> b.tableName(sessions.tableName())
                        .key(Map.of(
                                SingleTable.PK,
                                pointer.get(SingleTable.PK),
                                SingleTable.SK,
                                pointer.get(SingleTable.SK))));
            }
        }
        return updated;
    }

    private List<Map<String, AttributeValue>> pointers(String userId) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        dynamo.queryPaginator(q -> q.tableName(sessions.tableName())
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                        .expressionAttributeNames(Map.of("#pk", SingleTable.PK, "#sk", SingleTable.SK))
                        .expressionAttributeValues(Map.of(
                                ":pk",
                                AttributeValue.fromS(SingleTable.userKey(userId)),
                                ":prefix",
                                AttributeValue.fromS(SingleTable.SESSION_PREFIX)))
                        .consistentRead(true))
                .items()
                .forEach(found::add);
        return found;
    }

    /** False when the session is gone (logged out, or deleted by the TTL). */
    private boolean setRoles(String tokenHash, String userId, Set<Role> newRoles) {
        String joined = Role.joined(newRoles);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":user", AttributeValue.fromS(userId)));
        if (joined != null) {
            values.put(":roles", AttributeValue.fromS(joined));
        }
        try {
            dynamo.updateItem(b -> b.tableName(sessions.tableName())
                    .key(key(tokenHash).primaryKeyMap(SessionItem.SCHEMA))
                    .updateExpression(joined == null ? "REMOVE #roles" : "SET #roles = :roles")
                    .conditionExpression("#user = :user")
                    .expressionAttributeNames(Map.of("#roles", SessionItem.ROLES, "#user", SessionItem.USER_ID))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException gone) {
            return false;
        }
    }

    /**
     * The user's pointers (consistent Query), then {@code TransactWriteItems} deleting each session
     * with its pointer, {@link #MAX_TRANSACTION_ITEMS} items per call: a user with up to 50 sessions
     * loses them all in one atomic write; more take one call per 50, each complete in itself, so a
     * function that dies between calls leaves some sessions ended and the rest to a repeat.
     */
    @Override
    public int revokeAll(String userId, String keep) {
        List<TransactWriteItem> deletes = new ArrayList<>();
        int revoked = 0;
        for (Map<String, AttributeValue> pointer : pointers(userId)) {
            String tokenHash = SessionPointerItem.SCHEMA.mapToItem(pointer).tokenHash();
            if (tokenHash == null || tokenHash.equals(keep)) {
                continue;
            }
            deletes.add(TransactWriteItem.builder()
                    .delete(Delete.builder()
                            .tableName(sessions.tableName())
                            .key(key(tokenHash).primaryKeyMap(SessionItem.SCHEMA))
                            .build())
                    .build());
            deletes.add(TransactWriteItem.builder()
                    .delete(Delete.builder()
                            .tableName(sessions.tableName())
                            .key(Map.of(
                                    SingleTable.PK,
                                    pointer.get(SingleTable.PK),
                                    SingleTable.SK,
                                    pointer.get(SingleTable.SK)))
                            .build())
                    .build());
            revoked++;
        }
        for (int from = 0; from < deletes.size(); from += MAX_TRANSACTION_ITEMS) {
            List<TransactWriteItem> chunk =
                    deletes.subList(from, Math.min(deletes.size(), from + MAX_TRANSACTION_ITEMS));
            dynamo.transactWriteItems(b -> b.transactItems(chunk));
        }
        return revoked;
    }

    private static Key key(String tokenHash) {
        return Key.builder()
                .partitionValue(SingleTable.sessionKey(tokenHash))
                .sortValue(SingleTable.SESSION)
                .build();
    }
}
