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
    /** Product images: the only prefix the CDN serves. */
    public static final String PRODUCT_IMAGE_PREFIX = "products/";

    /**
     * A PENDING record whose {@code expiresAt} has passed counts as gone: DynamoDB deletes expired
     * items late (DynamoDB Local never).
     */
    public boolean expiredAt(Instant now) {
        return status == UploadStatus.PENDING && expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Signed, not yet uploaded, and not expired: what the profile lists as pending. */
    public boolean pendingAt(Instant now) {
        return status == UploadStatus.PENDING && expiresAt != null && now.isBefore(expiresAt);
    }

    /** Server-made keys only: the file name is metadata, never part of the path. */
    public static String keyFor(String userId, String uploadId) {
        return KEY_PREFIX + userId + "/" + uploadId;
    }

    /** Under the product's own prefix; upload ids sort by creation time, so the newest image has the greatest key. */
    public static String productImageKeyFor(String productId, String uploadId) {
        return productImagesOf(productId) + uploadId;
    }

    public static String productImagesOf(String productId) {
        return PRODUCT_IMAGE_PREFIX + productId + "/";
    }
}
