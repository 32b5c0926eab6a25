package dev.polystack.user.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystack.user.AccountExport;
import dev.polystack.user.ExportStore;
import java.time.Duration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** One PutObject, then a GET URL from the SDK's presigner (built once per process, no call to S3). */
public final class S3ExportStore implements ExportStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/json";

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    public S3ExportStore(S3Client s3, S3Presigner presigner, String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    @Override
    public String save(String key, AccountExport export, Duration lifetime) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(export);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an export could not be written as JSON", e);
        }
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(CONTENT_TYPE), RequestBody.fromBytes(body));
        return presigner
                .presignGetObject(p -> p.signatureDuration(lifetime)
                        .getObjectRequest(o -> o.bucket(bucket).key(key)))
                .url()
                .toString();
    }
}
