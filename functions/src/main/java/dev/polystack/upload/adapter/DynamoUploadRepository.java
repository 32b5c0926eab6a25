package dev.polystack.upload.adapter;

import dev.polystack.shared.adapter.ItemMapper;
import dev.polystack.shared.adapter.NewestFirstPage;
import dev.polystack.shared.adapter.SingleTable;
import dev.polystack.upload.Upload;
import dev.polystack.upload.UploadRepository;
import dev.polystack.upload.UploadStatus;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@code USER#<userId> / UPLOAD#<uploadId>} ({@link UploadItem}): upload ids start with their creation
 * time, so one descending Query lists a user's uploads newest first. A product image's record is
 * {@code PRODUCT#<productId> / UPLOAD#<uploadId>}: the object key names the partition. A PENDING record
 * counts as gone once its {@code expiresAt} has passed.
 */
public final class DynamoUploadRepository implements UploadRepository {
    /** How a reader of the user's item collection (the profile) maps this context's items. */
    public static final ItemMapper<Upload> ITEMS =
            ItemMapper.of(UploadItem.TYPE, UploadItem.SCHEMA, UploadItem::toUpload);

    private static final Pattern SORT_KEY = Pattern.compile("UPLOAD#[0-9a-f]{24}");

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final DynamoDbTable<UploadItem> uploads;
    private final Clock clock;

    public DynamoUploadRepository(
            DynamoDbClient dynamo, DynamoDbEnhancedClient enhanced, String tableName, Clock clock) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.uploads = enhanced.table(tableName, UploadItem.SCHEMA);
        this.clock = clock;
    }

    @Override
    public void create(Upload upload) {
        uploads.putItem(r -> r.item(UploadItem.of(upload)).conditionExpression(SingleTable.ITEM_IS_NEW));
    }

    @Override
    public Optional<Upload> find(String userId, String uploadId) {
        return findByKey(Upload.keyFor(userId, uploadId));
    }

    @Override
    public Optional<Upload> findByKey(String key) {
        Map<String, AttributeValue> recordKey = UploadItem.recordKey(key);
        UploadItem item = uploads.getItem(r -> r.key(Key.builder()
                        .partitionValue(recordKey.get(SingleTable.PK).s())
                        .sortValue(recordKey.get(SingleTable.SK).s())
                        .build())
                .consistentRead(true));
        return Optional.ofNullable(item).map(UploadItem::toUpload).flatMap(this::live);
    }

    @Override
    public Page list(String userId, int limit, Optional<String> cursor) {
        NewestFirstPage page =
                NewestFirstPage.query(dynamo, tableName, userId, SingleTable.UPLOAD_PREFIX, SORT_KEY, limit, cursor);
        List<Upload> items = page.items().stream()
                .map(ITEMS::map)
                .map(this::live)
                .flatMap(Optional::stream)
                .filter(upload -> upload.status() != UploadStatus.DELETING)
                .toList();
        return new Page(items, page.nextCursor());
    }

    @Override
    public boolean markAvailable(Upload upload) {
        return transition(
                upload,
                "SET #status = :to REMOVE #ttl",
                Map.of(),
                Map.of(":to", AttributeValue.fromS(UploadStatus.AVAILABLE.name())));
    }

    @Override
    public boolean markRejected(Upload upload, String reason) {
        return transition(
                upload,
                "SET #status = :to, #reason = :reason REMOVE #ttl",
                Map.of("#reason", UploadItem.REJECTION_REASON),
                Map.of(
                        ":to", AttributeValue.fromS(UploadStatus.REJECTED.name()),
                        ":reason", AttributeValue.fromS(reason)));
    }

    @Override
    public boolean markDeleting(Upload upload) {
        try {
            dynamo.updateItem(b -> b.tableName(tableName)
                    .key(UploadItem.recordKey(upload.key()))
                    .updateExpression("SET #status = :deleting")
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#status", UploadItem.STATUS, "#pk", SingleTable.PK))
                    .expressionAttributeValues(
                            Map.of(":deleting", AttributeValue.fromS(UploadStatus.DELETING.name()))));
            return true;
        } catch (ConditionalCheckFailedException gone) {
            return false;
        }
    }

    @Override
    public void delete(Upload upload) {
        dynamo.deleteItem(b -> b.tableName(tableName).key(UploadItem.recordKey(upload.key())));
    }

    private boolean transition(
            Upload upload, String update, Map<String, String> names, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> allValues = new HashMap<>(values);
        allValues.put(":pending", AttributeValue.fromS(UploadStatus.PENDING.name()));
        Map<String, String> allNames = new HashMap<>(names);
        allNames.put("#status", UploadItem.STATUS);
        allNames.put("#ttl", SingleTable.TTL_ATTRIBUTE);
        try {
            dynamo.updateItem(b -> b.tableName(tableName)
                    .key(UploadItem.recordKey(upload.key()))
                    .updateExpression(update)
                    .conditionExpression("#status = :pending")
                    .expressionAttributeNames(allNames)
                    .expressionAttributeValues(allValues));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** DynamoDB deletes expired items late (DynamoDB Local never): an expired PENDING record is treated as gone. */
    private Optional<Upload> live(Upload upload) {
        return upload.expiredAt(clock.instant()) ? Optional.empty() : Optional.of(upload);
    }
}
