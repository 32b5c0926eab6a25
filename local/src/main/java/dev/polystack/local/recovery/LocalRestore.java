package dev.polystack.local.recovery;

import dev.polystack.local.LocalBackend;
import dev.polystack.local.lake.LocalLake;
import dev.polystack.local.postgres.PointInTimeRecovery;
import dev.polystack.local.postgres.PostgresServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Restores the local stack's stores to a moment T, as the recovery runbook restores Aurora, DynamoDB
 * and S3 on AWS (docs/recovery.md):
 *
 * <ul>
 *   <li><b>PostgreSQL</b>: real point-in-time recovery ({@link PointInTimeRecovery}): a base backup taken
 *       when this restore is {@linkplain #prepare prepared}, the archived WAL, replayed up to T into a
 *       new cluster on a new port, to which the Data API emulator is then switched;
 *   <li><b>DynamoDB Local and S3Proxy</b> have no point-in-time recovery: a {@linkplain #snapshotDynamo
 *       snapshot} copies every item of the stores' table (not the recovery ledger's: it lies outside every
 *       restore) and a {@linkplain #snapshotS3 snapshot} every object of the upload and lake buckets; a
 *       restore empties the same table and buckets and puts the copies back. The same ones, not new ones
 *       as on AWS: the functions are wired to the names when the stack starts, and switching them is the
 *       stack switch's part, not the restore's. S3's notifications are held back while objects are put
 *       back: a restore is not an upload (on AWS a restore goes into a new bucket, which has none).
 * </ul>
 *
 * <p>Start the stack with {@code StackOptions.pointInTimeRecovery(true)}, prepare before the workload,
 * snapshot at T, restore after.
 */
public final class LocalRestore {
    private static final int DYNAMO_BATCH = 25;
    private static final int S3_DELETE_BATCH = 1000;
    private static final List<String> BUCKETS = List.of(LocalBackend.BUCKET, LocalLake.BUCKET);

    private final LocalBackend backend;
    private final PointInTimeRecovery postgres;

    private LocalRestore(LocalBackend backend, PointInTimeRecovery postgres) {
        this.backend = backend;
        this.postgres = postgres;
    }

    /** Every item of the stores' table, as it was at {@code at}. */
    public record DynamoSnapshot(Instant at, List<Map<String, AttributeValue>> items) {}

    /** One object: its bytes, content type and user metadata. */
    public record StoredObject(
            String bucket, String key, byte[] bytes, String contentType, Map<String, String> metadata) {}

    /** Every object of the upload and lake buckets, as they were at {@code at}. */
    public record S3Snapshot(Instant at, List<StoredObject> objects) {}

    /** How long each store's restore took, and what it put back. */
    public record Timings(Duration postgres, Duration dynamo, int items, Duration s3, int objects) {}

    /** Takes PostgreSQL's base backup: from now on, any moment can be restored. */
    public static LocalRestore prepare(LocalBackend backend) {
        return new LocalRestore(backend, PointInTimeRecovery.baseBackup(backend.postgres()));
    }

    public DynamoSnapshot snapshotDynamo() {
        return snapshotDynamo(backend);
    }

    public S3Snapshot snapshotS3() {
        return snapshotS3(backend);
    }

    /** A copy of every item of the stores' table: usable on a stack without point-in-time recovery too. */
    public static DynamoSnapshot snapshotDynamo(LocalBackend backend) {
        Instant at = Instant.now();
        return new DynamoSnapshot(at, everyItem(backend.app().clients().dynamo()));
    }

    /** A copy of every object of the upload and lake buckets. */
    public static S3Snapshot snapshotS3(LocalBackend backend) {
        Instant at = Instant.now();
        S3Client s3 = backend.app().clients().s3();
        List<StoredObject> objects = new ArrayList<>();
        for (String bucket : BUCKETS) {
            for (S3Object listed :
                    s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
                var object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(listed.key()));
                objects.add(new StoredObject(
                        bucket,
                        listed.key(),
                        object.asByteArray(),
                        object.response().contentType(),
                        object.response().metadata()));
            }
        }
        return new S3Snapshot(at, objects);
    }

    /**
     * PostgreSQL to {@code postgresPoint} (into a new cluster, the Data API emulator switched to it),
     * then DynamoDB, then S3 (at or after DynamoDB's point, so every {@code AVAILABLE} record has its
     * object), each from its snapshot.
     */
    public Timings restore(Instant postgresPoint, DynamoSnapshot dynamo, S3Snapshot s3) {
        long started = System.nanoTime();
        postgres.archiveUpToNow();
        PostgresServer restored = postgres.restoreTo(postgresPoint);
        backend.switchPostgres(restored);
        Duration postgresTook = since(started);

        started = System.nanoTime();
        restoreDynamo(backend, dynamo);
        Duration dynamoTook = since(started);

        started = System.nanoTime();
        restoreS3(backend, s3);
        return new Timings(
                postgresTook,
                dynamoTook,
                dynamo.items().size(),
                since(started),
                s3.objects().size());
    }

    /** The stores' table emptied and filled with the snapshot's items. */
    public static void restoreDynamo(LocalBackend backend, DynamoSnapshot snapshot) {
        List<Map<String, AttributeValue>> items = snapshot.items();
        DynamoDbClient dynamo = backend.app().clients().dynamo();
        List<WriteRequest> writes = new ArrayList<>();
        for (Map<String, AttributeValue> item : everyItem(dynamo)) {
            writes.add(WriteRequest.builder()
                    .deleteRequest(DeleteRequest.builder()
                            .key(Map.of("PK", item.get("PK"), "SK", item.get("SK")))
                            .build())
                    .build());
        }
        write(dynamo, writes);
        writes.clear();
        for (Map<String, AttributeValue> item : items) {
            writes.add(WriteRequest.builder()
                    .putRequest(PutRequest.builder().item(item).build())
                    .build());
        }
        write(dynamo, writes);
    }

    /** BatchWriteItem, 25 at a time, until nothing is left unprocessed. */
    private static void write(DynamoDbClient dynamo, List<WriteRequest> writes) {
        for (int from = 0; from < writes.size(); from += DYNAMO_BATCH) {
            Map<String, List<WriteRequest>> batch =
                    Map.of(LocalBackend.TABLE, writes.subList(from, Math.min(writes.size(), from + DYNAMO_BATCH)));
            while (!batch.isEmpty()) {
                Map<String, List<WriteRequest>> pending = batch;
                batch = dynamo.batchWriteItem(b -> b.requestItems(pending)).unprocessedItems();
            }
        }
    }

    /** The upload and lake buckets emptied and filled with the snapshot's objects, no notification sent. */
    public static void restoreS3(LocalBackend backend, S3Snapshot snapshot) {
        backend.withoutS3Events(() -> restoreObjects(backend, snapshot.objects()));
    }

    private static void restoreObjects(LocalBackend backend, List<StoredObject> objects) {
        S3Client s3 = backend.app().clients().s3();
        for (String bucket : BUCKETS) {
            List<ObjectIdentifier> keys = new ArrayList<>();
            s3.listObjectsV2Paginator(b -> b.bucket(bucket))
                    .contents()
                    .forEach(object -> keys.add(
                            ObjectIdentifier.builder().key(object.key()).build()));
            for (int from = 0; from < keys.size(); from += S3_DELETE_BATCH) {
                List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + S3_DELETE_BATCH));
                s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(batch)));
            }
        }
        for (StoredObject object : objects) {
            s3.putObject(
                    b -> b.bucket(object.bucket())
                            .key(object.key())
                            .contentType(object.contentType())
                            .metadata(new LinkedHashMap<>(object.metadata())),
                    RequestBody.fromBytes(object.bytes()));
        }
    }

    private static List<Map<String, AttributeValue>> everyItem(DynamoDbClient dynamo) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(LocalBackend.TABLE).consistentRead(true))
                .items()
                .forEach(items::add);
        return items;
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
