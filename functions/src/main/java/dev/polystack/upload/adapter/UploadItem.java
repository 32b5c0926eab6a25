package dev.polystack.upload.adapter;

import dev.polystack.shared.adapter.ItemSchema;
import dev.polystack.shared.adapter.SingleTable;
import dev.polystack.shared.adapter.SingleTableItem;
import dev.polystack.upload.Upload;
import dev.polystack.upload.UploadMethod;
import dev.polystack.upload.UploadStatus;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code USER#<userId> / UPLOAD#<uploadId>} (a user's file) or {@code PRODUCT#<productId> /
 * UPLOAD#<uploadId>} (a product image): what is known about one file. A PENDING record carries
 * {@code expiresAt} (the table's TTL); verified records drop it.
 */
record UploadItem(
        String pk,
        String sk,
        String uploadId,
        String userId,
        String objectKey,
        String fileName,
        String contentType,
        Long contentLength,
        String checksumSha256,
        String method,
        String status,
        String rejectionReason,
        String createdAt,
        Long expiresAt)
        implements SingleTableItem {
    static final String TYPE = "UPLOAD";
    static final String STATUS = "status";
    static final String REJECTION_REASON = "rejectionReason";
    static final StaticImmutableTableSchema<UploadItem, ItemSchema.Fields> SCHEMA = ItemSchema.of(
                    UploadItem.class,
                    f -> new UploadItem(
                            f.pk(),
                            f.sk(),
                            f.text("uploadId"),
                            f.text("userId"),
                            f.text("objectKey"),
                            f.text("fileName"),
                            f.text("contentType"),
                            f.number("contentLength"),
                            f.text("checksumSha256"),
                            f.text("method"),
                            f.text(STATUS),
                            f.text(REJECTION_REASON),
                            f.text("createdAt"),
                            f.expiresAt()))
            .text("uploadId", UploadItem::uploadId)
            .text("userId", UploadItem::userId)
            .text("objectKey", UploadItem::objectKey)
            .text("fileName", UploadItem::fileName)
            .text("contentType", UploadItem::contentType)
            .number("contentLength", UploadItem::contentLength)
            .text("checksumSha256", UploadItem::checksumSha256)
            .text("method", UploadItem::method)
            .text(STATUS, UploadItem::status)
            .text(REJECTION_REASON, UploadItem::rejectionReason)
            .text("createdAt", UploadItem::createdAt)
            .expiresAt(UploadItem::expiresAt)
            .build();

    /** Where the record of the object under {@code key} lives: {@code uploads/<userId>/<id>} or {@code products/<productId>/<id>}. */
    static Map<String, AttributeValue> recordKey(String key) {
        String[] parts = key.split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not an upload key: " + key);
        }
        String partition = switch (parts[0] + "/") {
            case Upload.KEY_PREFIX -> SingleTable.userKey(parts[1]);
            case Upload.PRODUCT_IMAGE_PREFIX -> SingleTable.productKey(parts[1]);
            default -> throw new IllegalArgumentException("not an upload key: " + key);
        };
        return Map.of(
                SingleTable.PK,
                AttributeValue.fromS(partition),
                SingleTable.SK,
                AttributeValue.fromS(SingleTable.uploadSortKey(parts[2])));
    }

    static UploadItem of(Upload upload) {
        return new UploadItem(
                recordKey(upload.key()).get(SingleTable.PK).s(),
                SingleTable.uploadSortKey(upload.uploadId()),
                upload.uploadId(),
                upload.userId(),
                upload.key(),
                upload.fileName(),
                upload.contentType(),
                upload.contentLength(),
                upload.checksumSha256(),
                upload.method().name(),
                upload.status().name(),
                upload.rejectionReason(),
                upload.createdAt().toString(),
                upload.expiresAt() == null ? null : upload.expiresAt().getEpochSecond());
    }

    @Override
    public String type() {
        return TYPE;
    }

    Upload toUpload() {
        return new Upload(
                userId,
                uploadId,
                objectKey,
                fileName,
                contentType,
                contentLength,
                checksumSha256,
                UploadMethod.valueOf(method),
                UploadStatus.valueOf(status),
                rejectionReason,
                Instant.parse(createdAt),
                expiresAt == null ? null : Instant.ofEpochSecond(expiresAt));
    }
}
