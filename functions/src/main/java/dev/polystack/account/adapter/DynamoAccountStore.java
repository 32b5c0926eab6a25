package dev.polystack.account.adapter;

import dev.polystack.account.AccountErrors;
import dev.polystack.account.AccountStore;
import dev.polystack.account.ErasureJob;
import dev.polystack.shared.adapter.SingleTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Erasure jobs in the fixed partition {@code ERASURE}, and a user's items deleted by key: the
 * account context reads only keys, never another context's attributes. A session item is found from
 * its pointer, whose sort key is the session's partition key ({@code SESSION#<hash>}).
 */
public final class DynamoAccountStore implements AccountStore {
    private final DynamoDbClient dynamo;
    private final DynamoDbTable<ErasureJobItem> jobs;
    private final String tableName;

    public DynamoAccountStore(DynamoDbClient dynamo, DynamoDbEnhancedClient enhanced, String tableName) {
        this.dynamo = dynamo;
        this.jobs = enhanced.table(tableName, ErasureJobItem.SCHEMA);
        this.tableName = tableName;
    }

    /** One conditional {@code PutItem}. */
    @Override
    public boolean accept(ErasureJob job) {
        try {
            dynamo.putItem(b -> b.tableName(tableName)
                    .item(ErasureJobItem.SCHEMA.itemToMap(ErasureJobItem.of(job), true))
                    .conditionExpression(SingleTable.ITEM_IS_NEW.expression()));
            return true;
        } catch (ConditionalCheckFailedException recorded) {
            return false;
        } catch (SdkException e) {
            // The SDK has retried already; nothing was written.
            throw AccountErrors.unavailable();
        }
    }

    @Override
    public Optional<ErasureJob> job(String userId) {
        Key key = Key.builder()
                .partitionValue(SingleTable.ERASURE_JOBS)
                .sortValue(SingleTable.erasureJobSortKey(userId))
                .build();
        return Optional.ofNullable(jobs.getItem(r -> r.key(key).consistentRead(true)))
                .map(ErasureJobItem::toJob);
    }

    @Override
    public List<ErasureJob> jobs() {
        List<ErasureJob> found = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder()
                        .tableName(tableName)
                        .consistentRead(true)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", SingleTable.PK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(SingleTable.ERASURE_JOBS)))
                        .build())
                .items()
                .forEach(item -> found.add(ErasureJobItem.SCHEMA.mapToItem(item).toJob()));
        return found;
    }

    @Override
    public int revokeSessions(String userId) {
        int revoked = 0;
        for (Map<String, AttributeValue> pointer : keys(userId, SingleTable.SESSION_PREFIX)) {
            deleteSessionOf(pointer);
            delete(pointer);
            revoked++;
        }
        return revoked;
    }

    /** Only the first time: a later run must not move the end of the grace. */
    @Override
    public void sessionsRevoked(ErasureJob job) {
        try {
            dynamo.updateItem(b -> b.tableName(tableName)
                    .key(jobKey(job.userId()))
                    .updateExpression("SET #at = :at")
                    .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(#at)")
                    .expressionAttributeNames(Map.of("#at", ErasureJobItem.SESSIONS_REVOKED_AT, "#pk", SingleTable.PK))
                    .expressionAttributeValues(Map.of(
                            ":at", AttributeValue.fromS(job.sessionsRevokedAt().toString()))));
        } catch (ConditionalCheckFailedException alreadyRecorded) {
            // Another run recorded it first (or finished the job): its time stands.
        }
    }

    @Override
    public int deleteItems(String userId) {
        int deleted = 0;
        for (Map<String, AttributeValue> item : keys(userId, null)) {
            if (item.get(SingleTable.SK).s().startsWith(SingleTable.SESSION_PREFIX)) {
                deleteSessionOf(item);
            }
            delete(item);
            deleted++;
        }
        return deleted;
    }

    @Override
    public void finish(ErasureJob job) {
        delete(jobKey(job.userId()));
    }

    private static Map<String, AttributeValue> jobKey(String userId) {
        return Map.of(
                SingleTable.PK,
                AttributeValue.fromS(SingleTable.ERASURE_JOBS),
                SingleTable.SK,
                AttributeValue.fromS(SingleTable.erasureJobSortKey(userId)));
    }

    /** A pointer's sort key is its session's partition key. */
    private void deleteSessionOf(Map<String, AttributeValue> pointer) {
        delete(Map.of(
                SingleTable.PK,
                pointer.get(SingleTable.SK),
                SingleTable.SK,
                AttributeValue.fromS(SingleTable.SESSION)));
    }

    private void delete(Map<String, AttributeValue> key) {
        dynamo.deleteItem(b -> b.tableName(tableName)
                .key(Map.of(SingleTable.PK, key.get(SingleTable.PK), SingleTable.SK, key.get(SingleTable.SK))));
    }

    /** The keys of the user's items (all, or those whose sort key begins with {@code prefix}), read consistently. */
    private List<Map<String, AttributeValue>> keys(String userId, String prefix) {
        QueryRequest.Builder query =
                QueryRequest.builder().tableName(tableName).consistentRead(true).projectionExpression("#pk, #sk");
        if (prefix == null) {
            query.keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", SingleTable.PK, "#sk", SingleTable.SK))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(SingleTable.userKey(userId))));
        } else {
            query.keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                    .expressionAttributeNames(Map.of("#pk", SingleTable.PK, "#sk", SingleTable.SK))
                    .expressionAttributeValues(Map.of(
                            ":pk",
                            AttributeValue.fromS(SingleTable.userKey(userId)),
                            ":prefix",
                            AttributeValue.fromS(prefix)));
        }
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        dynamo.queryPaginator(query.build()).items().forEach(found::add);
        return found;
    }
}
