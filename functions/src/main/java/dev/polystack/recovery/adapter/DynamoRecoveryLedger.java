package dev.polystack.recovery.adapter;

import dev.polystack.recovery.LedgerEntry;
import dev.polystack.recovery.RecoveryErrors;
import dev.polystack.recovery.RecoveryLedger;
import dev.polystack.shared.adapter.SingleTable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The recovery ledger in a DynamoDB table of its own ({@code LEDGER_TABLE}), keyed like the single
 * table ({@code PK}, {@code SK}, TTL on {@code expiresAt}). Access patterns, written before the keys:
 *
 * <ul>
 *   <li>entries since T, oldest first: {@code PK = DAY#<yyyy-mm-dd>} (UTC) and
 *       {@code SK = AT#<13-digit epoch millis>#<id>}, one consistent Query per day from T's day to today
 *       (at most 36 in the window), {@code SK >= AT#<T>} on the first;
 *   <li>a recovery's checkpoint: {@code PK = RECOVERY#<id>}, {@code SK = STEP#<name>}, one GetItem.
 * </ul>
 *
 * A day per partition keeps each Query small and spreads writes; entries expire through the table's
 * TTL at the end of the recovery window (DynamoDB deletes expired items within a few days, and
 * {@link #since} does not read past the window's start anyway:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html).
 */
public final class DynamoRecoveryLedger implements RecoveryLedger {
    static final String DAY_PREFIX = "DAY#";
    static final String AT_PREFIX = "AT#";
    static final String RECOVERY_PREFIX = "RECOVERY#";
    static final String STEP_PREFIX = "STEP#";
    static final String KIND = "kind";
    static final String USER_ID = "userId";
    static final String SUBJECT = "subject";
    static final String ID = "id";
    static final String AT = "at";

    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoRecoveryLedger(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    static String dayKey(Instant at) {
        return DAY_PREFIX + LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    static String atKey(Instant at, String id) {
        return String.format("%s%013d#%s", AT_PREFIX, at.toEpochMilli(), id);
    }

    @Override
    public void record(LedgerEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(SingleTable.PK, s(dayKey(entry.at())));
        item.put(SingleTable.SK, s(atKey(entry.at(), entry.id())));
        item.put(ID, s(entry.id()));
        item.put(AT, n(entry.at().toEpochMilli()));
        item.put(KIND, s(entry.kind().name()));
        item.put(USER_ID, s(entry.userId()));
        if (entry.subject() != null) {
            item.put(SUBJECT, s(entry.subject()));
        }
        item.put(
                SingleTable.TTL_ATTRIBUTE,
                n(RecoveryLedger.expiresAt(entry.at()).getEpochSecond()));
        try {
            dynamo.putItem(b -> b.tableName(tableName).item(item));
        } catch (SdkException e) {
            throw RecoveryErrors.ledgerUnavailable();
        }
    }

    @Override
    public List<LedgerEntry> since(Instant from) {
        List<LedgerEntry> entries = new ArrayList<>();
        // One day past today, for an entry stamped by a clock a little ahead of this one at midnight.
        LocalDate last = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        Instant windowStart = Instant.now().minus(RETENTION).minus(java.time.Duration.ofDays(1));
        Instant first = from.isBefore(windowStart) ? windowStart : from;
        for (LocalDate day = LocalDate.ofInstant(first, ZoneOffset.UTC); !day.isAfter(last); day = day.plusDays(1)) {
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":day", s(DAY_PREFIX + day));
            values.put(":from", s(String.format("%s%013d", AT_PREFIX, from.toEpochMilli())));
            QueryRequest.Builder query = QueryRequest.builder()
                    .tableName(tableName)
                    .consistentRead(true)
                    .keyConditionExpression("#pk = :day AND #sk >= :from")
                    .expressionAttributeNames(Map.of("#pk", SingleTable.PK, "#sk", SingleTable.SK))
                    .expressionAttributeValues(values);
            Map<String, AttributeValue> start = null;
            do {
                QueryResponse page = dynamo.query(query.exclusiveStartKey(start).build());
                page.items().forEach(item -> entries.add(entry(item)));
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
        }
        return entries;
    }

    private static LedgerEntry entry(Map<String, AttributeValue> item) {
        AttributeValue subject = item.get(SUBJECT);
        return new LedgerEntry(
                item.get(ID).s(),
                Instant.ofEpochMilli(Long.parseLong(item.get(AT).n())),
                LedgerEntry.Kind.valueOf(item.get(KIND).s()),
                item.get(USER_ID).s(),
                subject == null ? null : subject.s());
    }

    @Override
    public Optional<Instant> stepDone(String recoveryId, String step) {
        Map<String, AttributeValue> item = dynamo.getItem(b ->
                        b.tableName(tableName).key(stepKey(recoveryId, step)).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(Long.parseLong(item.get(AT).n())));
    }

    @Override
    public void markStepDone(String recoveryId, String step, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>(stepKey(recoveryId, step));
        item.put(AT, n(at.toEpochMilli()));
        item.put(SingleTable.TTL_ATTRIBUTE, n(RecoveryLedger.expiresAt(at).getEpochSecond()));
        try {
            dynamo.putItem(b -> b.tableName(tableName)
                    .item(item)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", SingleTable.PK)));
        } catch (ConditionalCheckFailedException alreadyDone) {
            // the first time stands
        }
    }

    private static Map<String, AttributeValue> stepKey(String recoveryId, String step) {
        return Map.of(SingleTable.PK, s(RECOVERY_PREFIX + recoveryId), SingleTable.SK, s(STEP_PREFIX + step));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
