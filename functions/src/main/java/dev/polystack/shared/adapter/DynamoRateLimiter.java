package dev.polystack.shared.adapter;

import dev.polystack.shared.RateLimiter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Attempt counters in the single table: {@code LIMIT#<name>#<subject> / WINDOW#<window start>}, one
 * item per fixed window, incremented atomically with a condition that refuses once the maximum is
 * reached. A window's item expires through the table's TTL; it is never read after its window,
 * because the key names the window, so an item DynamoDB has not deleted yet counts for nothing.
 * Several limits are taken in one {@code TransactWriteItems}: one call, all or nothing.
 */
public final class DynamoRateLimiter implements RateLimiter {
    static final String ATTEMPTS = "attempts";
    static final String TYPE = "LIMIT";

    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoRateLimiter(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    @Override
    public void take(List<Limit> limits, Instant now) {
        if (limits.isEmpty()) {
            return;
        }
        if (limits.size() == 1) {
            Update update = takeOne(limits.get(0), now);
            try {
                dynamo.updateItem(b -> b.tableName(tableName)
                        .key(update.key())
                        .updateExpression(update.updateExpression())
                        .conditionExpression(update.conditionExpression())
                        .expressionAttributeNames(update.expressionAttributeNames())
                        .expressionAttributeValues(update.expressionAttributeValues()));
            } catch (ConditionalCheckFailedException usedUp) {
                throw new TooManyAttempts(limits.get(0), now);
            }
            return;
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        for (Limit limit : limits) {
            writes.add(TransactWriteItem.builder().update(takeOne(limit, now)).build());
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException cancelled) {
            // The reasons come in the order of the writes, which are the limits' order.
            List<CancellationReason> reasons = cancelled.cancellationReasons();
            for (int i = 0; i < reasons.size() && i < limits.size(); i++) {
                if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                    throw new TooManyAttempts(limits.get(i), now);
                }
            }
            throw cancelled;
        }
    }

    @Override
    public void giveBack(List<Limit> limits, Instant takenAt) {
        for (Limit limit : limits) {
            Update update = giveBackOne(limit, takenAt);
            try {
                dynamo.updateItem(b -> b.tableName(tableName)
                        .key(update.key())
                        .updateExpression(update.updateExpression())
                        .conditionExpression(update.conditionExpression())
                        .expressionAttributeNames(update.expressionAttributeNames())
                        .expressionAttributeValues(update.expressionAttributeValues()));
            } catch (ConditionalCheckFailedException nothingToGiveBack) {
                // the window's item is gone or already at zero
            }
        }
    }

    /** The writes that give back attempts, for a caller that adds them to a transaction of its own. */
    public List<TransactWriteItem> giveBackWrites(List<Limit> limits, Instant takenAt) {
        return limits.stream()
                .map(limit -> TransactWriteItem.builder()
                        .update(giveBackOne(limit, takenAt))
                        .build())
                .toList();
    }

    private Update takeOne(Limit limit, Instant now) {
        long expiresAt = limit.windowEnd(now).plus(limit.window()).getEpochSecond();
        return Update.builder()
                .tableName(tableName)
                .key(key(limit, now))
                .updateExpression("ADD #attempts :one SET #type = :type, #ttl = :ttl")
                .conditionExpression("attribute_not_exists(#attempts) OR #attempts < :max")
                .expressionAttributeNames(
                        Map.of("#attempts", ATTEMPTS, "#type", SingleTable.TYPE, "#ttl", SingleTable.TTL_ATTRIBUTE))
                .expressionAttributeValues(Map.of(
                        ":one",
                        AttributeValue.fromN("1"),
                        ":type",
                        AttributeValue.fromS(TYPE),
                        ":ttl",
                        AttributeValue.fromN(Long.toString(expiresAt)),
                        ":max",
                        AttributeValue.fromN(Integer.toString(limit.max()))))
                .build();
    }

    private Update giveBackOne(Limit limit, Instant takenAt) {
        return Update.builder()
                .tableName(tableName)
                .key(key(limit, takenAt))
                .updateExpression("ADD #attempts :minusOne")
                .conditionExpression("#attempts > :zero")
                .expressionAttributeNames(Map.of("#attempts", ATTEMPTS))
                .expressionAttributeValues(
                        Map.of(":minusOne", AttributeValue.fromN("-1"), ":zero", AttributeValue.fromN("0")))
                .build();
    }

    private static Map<String, AttributeValue> key(Limit limit, Instant at) {
        return Map.of(
                SingleTable.PK,
                AttributeValue.fromS(SingleTable.limitKey(limit.name(), limit.subject())),
                SingleTable.SK,
                AttributeValue.fromS(
                        SingleTable.windowSortKey(limit.windowStart(at).getEpochSecond())));
    }
}
