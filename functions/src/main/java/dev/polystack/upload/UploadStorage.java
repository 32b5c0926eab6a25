package dev.polystack.upload;

import java.util.List;
import java.util.Optional;

/** The bucket, as the completion check needs it. */
public interface UploadStorage {
    record StoredObject(long size, String contentType, String checksumSha256) {}

    Optional<StoredObject> head(String key);

    /** The object's SHA-256 (base64), computed from its bytes when the store did not record one. */
    String sha256(String key);

    void delete(String key);

    /** The keys of the objects under {@code prefix}. */
    List<String> list(String prefix);
}
