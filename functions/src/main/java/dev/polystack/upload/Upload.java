package dev.polystack.upload;

import java.time.Instant;

/** What the databases know about one file: never its bytes, only its key and what was checked. */
public record Upload(
        String userId,
        String uploadId,
        String key,
        String fileName,
        String contentType,
        long contentLength,
        String checksumSha256,
        UploadMethod method,
        UploadStatus status,
        String rejectionReason,
        Instant createdAt,
        Instant expiresAt) {

    public static final String KEY_PREFIX = "uploads/";

    /** Server-made keys only: the file name is metadata, never part of the path. */
    public static String keyFor(String userId, String uploadId) {
        return KEY_PREFIX + userId + "/" + uploadId;
    }
}
