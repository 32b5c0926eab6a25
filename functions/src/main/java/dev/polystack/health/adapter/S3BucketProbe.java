package dev.polystack.health.adapter;

import dev.polystack.health.StoreProbe;
import software.amazon.awssdk.services.s3.S3Client;

public final class S3BucketProbe implements StoreProbe {
    private final S3Client s3;
    private final String bucket;

    public S3BucketProbe(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public String store() {
        return "s3";
    }

    @Override
    public void check() {
        s3.headBucket(b -> b.bucket(bucket));
    }
}
