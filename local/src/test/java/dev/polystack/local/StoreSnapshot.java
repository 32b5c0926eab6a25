package dev.polystack.local;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.rdsdata.model.Field;

/**
 * Everything the three stores hold, in a comparable form: every DynamoDB item, every S3 object
 * (key and ETag), and PostgreSQL's orders, order items, outbox, stock ledger and every product's
 * state (stock, version, price, name and description, archived, image). Tests compare one before
 * and one after a refused request: nothing may have changed.
 */
public record StoreSnapshot(Map<String, String> dynamo, Map<String, String> s3, List<String> postgres) {

    /** Items a refusal may write on purpose (the brute-force counters count refused logins). */
    public static final Predicate<String> COUNTERS = key -> key.startsWith("LIMIT#");

    /**
     * An item whose {@code expiresAt} has passed counts for nothing (every read enforces expiry, and DynamoDB's
     * TTL deletes it some time later), so its removal by whatever runs meanwhile is no change.
     */
    static boolean expired(Map<String, AttributeValue> item, long nowSeconds) {
        AttributeValue expiresAt = item.get("expiresAt");
        return expiresAt != null && expiresAt.n() != null && Long.parseLong(expiresAt.n()) <= nowSeconds;
    }

    public static StoreSnapshot of(LocalBackend backend) {
        Map<String, String> items = new TreeMap<>();
        var dynamo = backend.app().clients().dynamo();
        long now = java.time.Instant.now().getEpochSecond();
        dynamo.scanPaginator(b -> b.tableName(LocalBackend.TABLE).consistentRead(true))
                .items()
                .forEach(item -> {
                    String key = item.get("PK").s() + "|" + item.get("SK").s();
                    if (!COUNTERS.test(item.get("PK").s()) && !expired(item, now)) {
                        items.put(key, new TreeMap<String, AttributeValue>(item).toString());
                    }
                });
        Map<String, String> objects = new TreeMap<>();
        backend.app()
                .clients()
                .s3()
                .listObjectsV2Paginator(b -> b.bucket(LocalBackend.BUCKET))
                .contents()
                .forEach(object -> objects.put(object.key(), object.eTag()));
        var rows = backend
                .app()
                .clients()
                .rdsData()
                .executeStatement(b -> b.resourceArn(LocalBackend.CLUSTER_ARN)
                        .secretArn(LocalBackend.SECRET_ARN)
                        .database(backend.settings().dbName())
                        .sql(
                                "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM order_items), (SELECT count(*) FROM outbox), "
                                        + "(SELECT count(*) FROM stock_adjustments), "
                                        + "(SELECT string_agg(concat_ws('/', id, stock + shard_stock(id), version, price_cents, md5(name || description), archived_at IS NOT NULL,"
                                        + " image_key), ',' ORDER BY id) FROM products)"))
                .records()
                .get(0)
                .stream()
                .map(StoreSnapshot::text)
                .toList();
        return new StoreSnapshot(items, objects, rows);
    }

    /** What changed from {@code before} to this, for a failure message. */
    public String changesSince(StoreSnapshot before) {
        StringBuilder changes = new StringBuilder();
        java.util.Set<String> keys = new java.util.TreeSet<>(before.dynamo.keySet());
        keys.addAll(dynamo.keySet());
        for (String key : keys) {
            if (!java.util.Objects.equals(before.dynamo.get(key), dynamo.get(key))) {
                changes.append("dynamodb ")
                        .append(key)
                        .append(": ")
                        .append(before.dynamo.get(key))
                        .append(" -> ")
                        .append(dynamo.get(key))
                        .append("; ");
            }
        }
        if (!before.s3.equals(s3)) {
            changes.append("s3: ").append(before.s3).append(" -> ").append(s3).append("; ");
        }
        if (!before.postgres.equals(postgres)) {
            changes.append("postgres: ").append(before.postgres).append(" -> ").append(postgres);
        }
        return changes.toString();
    }

    private static String text(Field field) {
        return Boolean.TRUE.equals(field.isNull())
                ? "null"
                : field.longValue() != null ? field.longValue().toString() : field.stringValue();
    }
}
