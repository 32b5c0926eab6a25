package dev.polystack.upload;

import java.time.Duration;
import java.util.Set;

/** What may be uploaded, and for how long a signature stays good. Configurable per deployment. */
public record UploadPolicy(Set<String> allowedContentTypes, long maxBytes, Duration urlLifetime) {
    public static final Set<String> DEFAULT_CONTENT_TYPES =
            Set.of("image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf");
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    public static final Duration DEFAULT_URL_LIFETIME = Duration.ofMinutes(5);
    public static final Duration MAX_URL_LIFETIME = Duration.ofMinutes(15);
    /** A pending upload nobody finished is removed by the table's TTL this long after its URL expired. */
    public static final Duration ABANDONED_AFTER = Duration.ofDays(1);
    /** How long a download link lives. */
    public static final Duration DOWNLOAD_LIFETIME = Duration.ofMinutes(5);

    public UploadPolicy {
        allowedContentTypes = Set.copyOf(allowedContentTypes);
        if (maxBytes < 1) {
            throw new IllegalArgumentException("UPLOAD_MAX_BYTES must be at least 1");
        }
        if (urlLifetime.isNegative() || urlLifetime.isZero() || urlLifetime.compareTo(MAX_URL_LIFETIME) > 0) {
            throw new IllegalArgumentException("UPLOAD_URL_TTL must be more than 0 and at most " + MAX_URL_LIFETIME);
        }
    }

    /** The same limits for product images: the allowed types that are images. */
    public UploadPolicy images() {
        return new UploadPolicy(
                allowedContentTypes.stream()
                        .filter(type -> type.startsWith("image/"))
                        .collect(java.util.stream.Collectors.toSet()),
                maxBytes,
                urlLifetime);
    }

    public static UploadPolicy defaults() {
        return new UploadPolicy(DEFAULT_CONTENT_TYPES, DEFAULT_MAX_BYTES, DEFAULT_URL_LIFETIME);
    }
}
