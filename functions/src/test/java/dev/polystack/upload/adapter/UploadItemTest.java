package dev.polystack.upload.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polystack.upload.Upload;
import dev.polystack.upload.UploadMethod;
import dev.polystack.upload.UploadStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The upload record item: the upload context's schema, and the mapper it gives readers of the user's item collection. */
public class UploadItemTest {
    static final String USER = "0b6e2f56-1a7c-4d0e-9a55-7c6f0b9a1e21";
    static final Upload PENDING = new Upload(
            USER,
            "019aa7c2f3e8b5d1c2a3f4e5",
            Upload.keyFor(USER, "019aa7c2f3e8b5d1c2a3f4e5"),
            "cat.png",
            "image/png",
            9,
            null,
            UploadMethod.PUT,
            UploadStatus.PENDING,
            null,
            Instant.parse("2026-11-21T10:00:00.123Z"),
            Instant.parse("2026-11-22T10:05:00Z"));
    static final Upload REJECTED = new Upload(
            USER,
            "019aa7c2f3e8b5d1c2a3f4e6",
            Upload.keyFor(USER, "019aa7c2f3e8b5d1c2a3f4e6"),
            "scan.pdf",
            "application/pdf",
            100,
            "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=",
            UploadMethod.POST,
            UploadStatus.REJECTED,
            "size 50 does not match the declared 100",
            Instant.parse("2026-11-21T10:00:01Z"),
            null);
    static final java.util.List<Upload> UPLOADS = java.util.List.of(PENDING, REJECTED);

    /** The item the upload context writes for {@code upload}, for tests of readers of the user's partition. */
    public static Map<String, AttributeValue> item(Upload upload) {
        return UploadItem.SCHEMA.itemToMap(UploadItem.of(upload), true);
    }

    @Test
    void writesTheAttributesRecordsAlwaysHadSoOlderItemsStillRead() {
        assertEquals(
                Map.ofEntries(
                        Map.entry("PK", AttributeValue.fromS("USER#" + USER)),
                        Map.entry("SK", AttributeValue.fromS("UPLOAD#019aa7c2f3e8b5d1c2a3f4e5")),
                        Map.entry("type", AttributeValue.fromS("UPLOAD")),
                        Map.entry("uploadId", AttributeValue.fromS("019aa7c2f3e8b5d1c2a3f4e5")),
                        Map.entry("userId", AttributeValue.fromS(USER)),
                        Map.entry("objectKey", AttributeValue.fromS("uploads/" + USER + "/019aa7c2f3e8b5d1c2a3f4e5")),
                        Map.entry("fileName", AttributeValue.fromS("cat.png")),
                        Map.entry("contentType", AttributeValue.fromS("image/png")),
                        Map.entry("contentLength", AttributeValue.fromN("9")),
                        Map.entry("method", AttributeValue.fromS("PUT")),
                        Map.entry("status", AttributeValue.fromS("PENDING")),
                        Map.entry("createdAt", AttributeValue.fromS("2026-11-21T10:00:00.123Z")),
                        Map.entry(
                                "expiresAt",
                                AttributeValue.fromN(Long.toString(
                                        Instant.parse("2026-11-22T10:05:00Z").getEpochSecond())))),
                item(PENDING));
    }

    @ParameterizedTest
    @FieldSource("UPLOADS")
    void theMapperReadsTheRecordBack(Upload upload) {
        assertEquals(UploadItem.TYPE, DynamoUploadRepository.ITEMS.type());
        assertEquals(upload, DynamoUploadRepository.ITEMS.map(item(upload)));
    }
}
