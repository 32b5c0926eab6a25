package dev.polystack.account.adapter;

import dev.polystack.account.AccountObjects;
import dev.polystack.upload.Upload;
import dev.polystack.user.ExportService;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * A user's objects: {@code uploads/<userId>/} and {@code exports/<userId>/}. Listed page by page
 * (ListObjectsV2), deleted in batches of up to 1000 keys (DeleteObjects); a key S3 could not delete
 * fails the call, so the step is run again.
 */
public final class S3AccountObjects implements AccountObjects {
    /** Where the export of a user's data is written (the export use case's prefix). */
    public static final String EXPORTS_PREFIX = ExportService.KEY_PREFIX;
    /** DeleteObjects takes at most this many keys. */
    static final int BATCH = 1000;

    private final S3Client s3;
    private final String bucket;

    public S3AccountObjects(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** The prefixes that hold only this user's objects. */
    public static List<String> prefixesOf(String userId) {
        return List.of(Upload.KEY_PREFIX + userId + "/", EXPORTS_PREFIX + userId + "/");
    }

    @Override
    public int deleteAll(String userId) {
        int deleted = 0;
        for (String prefix : prefixesOf(userId)) {
            List<ObjectIdentifier> batch = new ArrayList<>();
            for (var object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                    .contents()) {
                batch.add(ObjectIdentifier.builder().key(object.key()).build());
                if (batch.size() == BATCH) {
                    deleted += delete(batch);
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) {
                deleted += delete(batch);
            }
        }
        return deleted;
    }

    private int delete(List<ObjectIdentifier> keys) {
        DeleteObjectsResponse response = s3.deleteObjects(
                b -> b.bucket(bucket).delete(d -> d.objects(keys).quiet(true)));
        if (response.hasErrors() && !response.errors().isEmpty()) {
            var first = response.errors().get(0);
            throw new IllegalStateException(
                    response.errors().size() + " objects not deleted, first " + first.key() + ": " + first.code());
        }
        return keys.size();
    }
}
