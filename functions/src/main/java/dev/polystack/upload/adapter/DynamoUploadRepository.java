package dev.polystack.upload.adapter;

import dev.polystack.shared.adapter.SingleTable;
import dev.polystack.shared.adapter.NewestFirstPage;
import dev.polystack.upload.Upload;
import dev.polystack.upload.UploadMethod;
import dev.polystack.upload.UploadRepository;
import dev.polystack.upload.UploadStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@code USER#<userId> / UPLOAD#<uploadId>}: upload ids start with their creation time, so one
 * descending Query lists a user's uploads newest first. A PENDING record carries {@code expiresAt}
 * (the table's TTL) and counts as gone once it has passed; verified records drop it.
 */
public final class DynamoUploadRepository implements UploadRepository {
    static final String TYPE = "UPLOAD";
    private static final Pattern SORT_KEY = Pattern.compile("UPLOAD#[0-9a-f]{24}");

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final Clock clock;

    public DynamoUploadRepository(DynamoDbClient dynamo, String tableName, Clock clock) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.clock = clock;
    }

    @Override
    public void create(Upload upload) {
        Map<String, AttributeValue> item = new HashMap<>(key(upload.userId(), upload.uploadId()));
        item.put(SingleTable.TYPE, AttributeValue.fromS(TYPE));
        item.put("uploadId", AttributeValue.fromS(upload.uploadId()));
        item.put("userId", AttributeValue.fromS(upload.userId()));
        item.put("objectKey", AttributeValue.fromS(upload.key()));
        item.put("fileName", AttributeValue.fromS(upload.fileName()));
        item.put("contentType", AttributeValue.fromS(upload.contentType()));
        item.put("contentLength", AttributeValue.fromN(Long.toString(upload.contentLength())));
        if (upload.checksumSha256() != null) {
            item.put("checksumSha256", AttributeValue.fromS(upload.checksumSha256()));
        }
        item.put("method", AttributeValue.fromS(upload.method().name()));
        item.put("status", AttributeValue.fromS(upload.status().name()));
        item.put("createdAt", AttributeValue.fromS(upload.createdAt().toString()));
        item.put(SingleTable.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(upload.expiresAt().getEpochSecond())));
        dynamo.putItem(b -> b.tableName(tableName).item(item).conditionExpression("attribute_not_exists(PK)"));
    }

    @Override
    public Optional<Upload> find(String userId, String uploadId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tableName).key(key(userId, uploadId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : live(toUpload(item));
    }

    @Override
    public Page list(String userId, int limit, Optional<String> cursor) {
        NewestFirstPage page = NewestFirstPage.query(dynamo, tableName, userId, SingleTable.UPLOAD_PREFIX, SORT_KEY, limit, cursor);
        List<Upload> items = page.items().stream().map(DynamoUploadRepository::toUpload).map(this::live).flatMap(Optional::stream).toList();
        return new Page(items, page.nextCursor());
    }

    @Override
    public boolean markAvailable(String userId, String uploadId) {
        return transition(userId, uploadId, "SET #status = :to REMOVE #ttl", Map.of(":to", AttributeValue.fromS(UploadStatus.AVAILABLE.name())));
    }

    @Override
    public boolean markRejected(String userId, String uploadId, String reason) {
        return transition(userId, uploadId, "SET #status = :to, rejectionReason = :reason REMOVE #ttl", Map.of(
                ":to", AttributeValue.fromS(UploadStatus.REJECTED.name()),
                ":reason", AttributeValue.fromS(reason)));
    }

    private boolean transition(String userId, String uploadId, String update, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":pending", AttributeValue.fromS(UploadStatus.PENDING.name()));
        try {
            dynamo.updateItem(b -> b.tableName(tableName).key(key(userId, uploadId))
                    .updateExpression(update)
                    .conditionExpression("#status = :pending")
                    .expressionAttributeNames(Map.of("#status", "status", "#ttl", SingleTable.TTL_ATTRIBUTE))
                    .expressionAttributeValues(all));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** DynamoDB deletes expired items late (DynamoDB Local never): an expired PENDING record is treated as gone. */
    private Optional<Upload> live(Upload upload) {
        boolean expired = upload.status() == UploadStatus.PENDING && upload.expiresAt() != null && !clock.instant().isBefore(upload.expiresAt());
        return expired ? Optional.empty() : Optional.of(upload);
    }

    private static Map<String, AttributeValue> key(String userId, String uploadId) {
        return Map.of(SingleTable.PK, AttributeValue.fromS(SingleTable.userKey(userId)),
                SingleTable.SK, AttributeValue.fromS(SingleTable.uploadSortKey(uploadId)));
    }

    private static Upload toUpload(Map<String, AttributeValue> item) {
        AttributeValue ttl = item.get(SingleTable.TTL_ATTRIBUTE);
        AttributeValue checksum = item.get("checksumSha256");
        AttributeValue reason = item.get("rejectionReason");
        return new Upload(item.get("userId").s(), item.get("uploadId").s(), item.get("objectKey").s(), item.get("fileName").s(),
                item.get("contentType").s(), Long.parseLong(item.get("contentLength").n()), checksum == null ? null : checksum.s(),
                UploadMethod.valueOf(item.get("method").s()), UploadStatus.valueOf(item.get("status").s()), reason == null ? null : reason.s(),
                Instant.parse(item.get("createdAt").s()), ttl == null ? null : Instant.ofEpochSecond(Long.parseLong(ttl.n())));
    }
}
