package dev.polystack.lake.adapter;

import dev.polystack.lake.CustomerSecrets;
import dev.polystack.shared.Entropy;
import dev.polystack.shared.adapter.SingleTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The per-user lake secret as one item in the user's partition, {@code USER#<id> / LAKE_SECRET}: the
 * erasure deletes every item of that partition, so it destroys the secret with the account, and no
 * other context reads it (its {@code type} is its own). Made on first use by one TransactWriteItems:
 * a ConditionCheck that the profile exists (an erased account never gets a new secret) and a Put that
 * does not overwrite (two relays racing keep the first one's secret). 32 random bytes, the HMAC-SHA256
 * the hash's output length (RFC 2104 section 3 discourages shorter keys).
 */
public final class DynamoCustomerSecrets implements CustomerSecrets {
    static final String SORT_KEY = "LAKE_SECRET";
    static final String TYPE = "LakeSecret";
    static final String SECRET = "secret";
    static final int SECRET_BYTES = 32;
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";

    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoCustomerSecrets(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    @Override
    public Optional<byte[]> secretOf(String userId) {
        Optional<byte[]> stored = read(userId);
        if (stored.isPresent()) {
            return stored;
        }
        Map<String, AttributeValue> item = Map.of(
                SingleTable.PK,
                AttributeValue.fromS(SingleTable.userKey(userId)),
                SingleTable.SK,
                AttributeValue.fromS(SORT_KEY),
                SingleTable.TYPE,
                AttributeValue.fromS(TYPE),
                SECRET,
                AttributeValue.fromB(SdkBytes.fromByteArray(Entropy.bytes(SECRET_BYTES))));
        try {
            dynamo.transactWriteItems(r -> r.transactItems(
                    t -> t.conditionCheck(c -> c.tableName(tableName)
                            .key(key(userId, SingleTable.PROFILE))
                            .conditionExpression("attribute_exists(" + SingleTable.PK + ")")),
                    t -> t.put(p -> p.tableName(tableName)
                            .item(item)
                            .conditionExpression("attribute_not_exists(" + SingleTable.PK + ")"))));
            return Optional.of(item.get(SECRET).b().asByteArray());
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            if (!reasons.isEmpty() && CONDITION_FAILED.equals(reasons.get(0).code())) {
                return Optional.empty();
            }
            if (reasons.size() > 1 && CONDITION_FAILED.equals(reasons.get(1).code())) {
                return read(userId);
            }
            throw e;
        }
    }

    private Optional<byte[]> read(String userId) {
        Map<String, AttributeValue> found = dynamo.getItem(
                        r -> r.tableName(tableName).key(key(userId, SORT_KEY)).consistentRead(true))
                .item();
        return found == null || !found.containsKey(SECRET)
                ? Optional.empty()
                : Optional.of(found.get(SECRET).b().asByteArray());
    }

    private static Map<String, AttributeValue> key(String userId, String sortKey) {
        return Map.of(
                SingleTable.PK,
                AttributeValue.fromS(SingleTable.userKey(userId)),
                SingleTable.SK,
                AttributeValue.fromS(sortKey));
    }
}
