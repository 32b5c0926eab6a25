package dev.polystack.catalog.adapter;

import dev.polystack.catalog.ImageUrls;
import java.time.Duration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Product images without a CDN (the local stack, a SAM deployment without IMAGE_BASE_URL): a presigned
 * GET of the object, signed locally with the function's credentials, valid for {@link #LIFETIME}.
 */
public final class PresignedImageUrls implements ImageUrls {
    static final Duration LIFETIME = Duration.ofHours(1);

    private final S3Presigner presigner;
    private final String bucket;

    public PresignedImageUrls(S3Presigner presigner, String bucket) {
        this.presigner = presigner;
        this.bucket = bucket;
    }

    @Override
    public String urlFor(String key) {
        return presigner
                .presignGetObject(r -> r.signatureDuration(LIFETIME)
                        .getObjectRequest(g -> g.bucket(bucket).key(key)))
                .url()
                .toString();
    }
}
