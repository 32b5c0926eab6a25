package dev.polystack.shared.adapter;

import dev.polystack.shared.Entropy;
import dev.polystack.shared.InvocationLog;
import dev.polystack.shared.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Attempt counters in the single table: {@code LIMIT#<name>#<subject> / WINDOW#<window start>}, one
 * item per fixed window. A window's item expires through the table's TTL; it is never read after its
 * window, because the key names the window, so an item DynamoDB has not deleted yet counts for nothing.
 *
 * <p>Two kinds: a count ({@code attempts}, incremented with a condition that refuses once the maximum
 * is reached; several limits at once in one {@code TransactWriteItems}) and a set of failing accounts
 * ({@code failing}, plain {@code ADD}/{@code DELETE} of a 16-hex prefix of the account's hash, no
 * condition and no transaction, so concurrent logins behind one address never cancel each other).
 *
 * <p>Contention: a single-item write that meets a transaction on the same item fails with
 * {@code TransactionConflictException}, which the SDK does not retry; it is retried here a few times.
 * A counter that still cannot be read or counted before the password check is a 503
 * ({@link CountersBusy}), never a 500, and so is one the SDK could not get through within
 * {@link #CALL_BUDGET} (throttling, 5xx); a give-back or a failure that cannot be recorded after it is
 * logged ({@code limit_not_given_back}, {@code login_failure_not_counted}), never dropped silently.
 */
public final class DynamoRateLimiter implements RateLimiter {
    static final String ATTEMPTS = "attempts";
    static final String FAILING = "failing";
    static final String TYPE = "LIMIT";
    /** Tries of a single-item write that meets a transaction on its item. */
    static final int CONFLICT_TRIES = 3;
    /**
     * The most one counter call may take, the SDK's retries of throttling included: a login waits this
     * long at most for a counter, then is answered 503 (or, after the password check, logs the miss).
     */
    static final Duration CALL_BUDGET = Duration.ofSeconds(3);

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
        try {
            if (limits.size() == 1) {
                Update update = takeOne(limits.get(0), now);
                try {
                    apply(update);
                } catch (ConditionalCheckFailedException usedUp) {
                    throw new TooManyAttempts(limits.get(0), now);
                }
                return;
            }
            takeAll(limits, now);
        } catch (SdkException busy) {
            throw busy(limits.get(0), busy);
        }
    }

    private void takeAll(List<Limit> limits, Instant now) {
        List<TransactWriteItem> writes = new ArrayList<>();
        for (Limit limit : limits) {
            writes.add(TransactWriteItem.builder().update(takeOne(limit, now)).build());
        }
        try {
            dynamo.transactWriteItems(b ->
                    b.overrideConfiguration(o -> o.apiCallTimeout(CALL_BUDGET)).transactItems(writes));
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
                apply(update);
            } catch (ConditionalCheckFailedException nothingToGiveBack) {
                // the window's item is gone or already at zero
            } catch (SdkException e) {
                InvocationLog.warn(
                        "limit_not_given_back",
                        "limit",
                        limit.name(),
                        describe(e) + "; the attempt stays counted until its window ends");
            }
        }
    }

    @Override
    public boolean checkFailing(Limit limit, String account, Instant now) {
        Map<String, AttributeValue> item;
        try {
            item = dynamo.getItem(b -> b.overrideConfiguration(o -> o.apiCallTimeout(CALL_BUDGET))
                            .tableName(tableName)
                            .key(key(limit, now))
                            .consistentRead(true)
                            .projectionExpression("#failing")
                            .expressionAttributeNames(Map.of("#failing", FAILING)))
                    .item();
        } catch (SdkException e) {
            throw busy(limit, e);
        }
        List<String> failing = item == null || !item.containsKey(FAILING)
                ? List.of()
                : item.get(FAILING).ss();
        if (failing.size() >= limit.max()) {
            throw new TooManyAttempts(limit, now);
        }
        return failing.contains(account);
    }

    @Override
    public void addFailing(Limit limit, String account, Instant now) {
        long expiresAt = limit.windowEnd(now).plus(limit.window()).getEpochSecond();
        try {
            retryingConflicts(() -> dynamo.updateItem(b -> b.overrideConfiguration(o -> o.apiCallTimeout(CALL_BUDGET))
                    .tableName(tableName)
                    .key(key(limit, now))
                    .updateExpression("ADD #failing :account SET #type = :type, #ttl = :ttl")
                    .expressionAttributeNames(
                            Map.of("#failing", FAILING, "#type", SingleTable.TYPE, "#ttl", SingleTable.TTL_ATTRIBUTE))
                    .expressionAttributeValues(Map.of(
                            ":account",
                            AttributeValue.fromSs(List.of(account)),
                            ":type",
                            AttributeValue.fromS(TYPE),
                            ":ttl",
                            AttributeValue.fromN(Long.toString(expiresAt))))));
        } catch (SdkException e) {
            InvocationLog.warn("login_failure_not_counted", "limit", limit.name(), describe(e));
        }
    }

    @Override
    public void clearFailing(Limit limit, String account, Instant at) {
        try {
            retryingConflicts(() -> dynamo.updateItem(b -> b.overrideConfiguration(o -> o.apiCallTimeout(CALL_BUDGET))
                    .tableName(tableName)
                    .key(key(limit, at))
                    .updateExpression("DELETE #failing :account")
                    .conditionExpression("attribute_exists(#failing)")
                    .expressionAttributeNames(Map.of("#failing", FAILING))
                    .expressionAttributeValues(Map.of(":account", AttributeValue.fromSs(List.of(account))))));
        } catch (ConditionalCheckFailedException alreadyGone) {
            // the window's item is gone: nothing to clear
        } catch (SdkException e) {
            InvocationLog.warn(
                    "limit_not_given_back",
                    "limit",
                    limit.name(),
                    describe(e) + "; the account stays among the failing ones until its window ends");
        }
    }

    /** One counter's update on its own (no transaction), within the call budget, a conflict retried. */
    private void apply(Update update) {
        retryingConflicts(() -> dynamo.updateItem(b -> b.overrideConfiguration(o -> o.apiCallTimeout(CALL_BUDGET))
                .tableName(tableName)
                .key(update.key())
                .updateExpression(update.updateExpression())
                .conditionExpression(update.conditionExpression())
                .expressionAttributeNames(update.expressionAttributeNames())
                .expressionAttributeValues(update.expressionAttributeValues())));
    }

    /** The SDK retries throttling and 5xx itself, but not a conflict with a transaction on the same item. */
    private static void retryingConflicts(Runnable write) {
        for (int tries = 1; ; tries++) {
            try {
                write.run();
                return;
            } catch (TransactionConflictException conflict) {
                if (tries == CONFLICT_TRIES) {
                    throw conflict;
                }
                pause(tries);
            }
        }
    }

    private static void pause(int tries) {
        try {
            // Full jitter up to 20, 40 ms: the other writer's transaction is short.
            Thread.sleep(1 + Entropy.random().nextInt(20 * tries));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a counter", e);
        }
    }

    private static CountersBusy busy(Limit limit, SdkException cause) {
        InvocationLog.warn("limits_busy", "limit", limit.name(), describe(cause) + "; answered 503 LIMITS_BUSY");
        return new CountersBusy();
    }

    private static String describe(SdkException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
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
