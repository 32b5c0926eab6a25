package dev.polystack.upload.adapter;

import dev.polystack.shared.Priming;
import dev.polystack.upload.SignedUpload;
import dev.polystack.upload.UploadSigner;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Utilities;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * Signs uploads and downloads without calling S3: presigned PUT and GET URLs by the SDK's
 * {@link S3Presigner} (its endpoint rules pick the host: partition, path-style for dotted bucket
 * names or a local endpoint), browser POST policies by {@link PostPolicySigner} (the SDK has none).
 *
 * <p>The presigner signs at the moment it is called, by the system clock: it takes no clock
 * (the SDK reads {@code Instant.now()} itself), so {@code now} stamps the upload's expiry and the POST
 * policy only.
 */
public final class S3UploadSigner implements UploadSigner {
    private static final String PROBE_KEY = "k";

    private final S3Presigner presigner;
    private final AwsCredentialsProvider credentials;
    private final String bucket;
    private final String region;
    private final String postUrl;

    /**
     * {@code presigner} is built once per process with the same credentials, region and endpoint;
     * {@code urls} (an S3 client's utilities) gives the bucket's URL for browser forms.
     */
    public S3UploadSigner(
            S3Presigner presigner, S3Utilities urls, AwsCredentialsProvider credentials, String bucket, String region) {
        this.presigner = presigner;
        this.credentials = credentials;
        this.bucket = bucket;
        this.region = region;
        // S3Utilities gives object URLs only (a key is required): the bucket's URL is one without its key.
        String objectUrl = urls.getUrl(r -> r.bucket(bucket).key(PROBE_KEY)).toString();
        this.postUrl = objectUrl.substring(0, objectUrl.length() - PROBE_KEY.length());
        // Before a SnapStart snapshot: both signatures, computed locally (no request is made).
        Priming.register("uploadSigner", () -> {
            Instant now = Instant.EPOCH;
            signPut(PROBE_KEY, "image/png", 1, null, now, Duration.ofMinutes(1));
            signPost(PROBE_KEY, "image/png", 1, now, Duration.ofMinutes(1));
        });
    }

    /** Content-Type, Content-Length and the declared checksum are signed: S3 refuses any other type, size or body. */
    @Override
    public SignedUpload signPut(
            String key, String contentType, long contentLength, String checksumSha256, Instant now, Duration lifetime) {
        PresignedPutObjectRequest presigned = presigner.presignPutObject(p -> p.signatureDuration(lifetime)
                .putObjectRequest(o -> o.bucket(bucket)
                        .key(key)
                        .contentType(contentType)
                        .contentLength(contentLength)
                        .checksumSHA256(checksumSha256)));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", contentType);
        headers.put("content-length", Long.toString(contentLength));
        if (checksumSha256 != null) {
            headers.put("x-amz-checksum-sha256", checksumSha256);
        }
        return new SignedUpload(presigned.url().toString(), headers, null, now.plus(lifetime));
    }

    @Override
    public SignedUpload signPost(String key, String contentType, long maxBytes, Instant now, Duration lifetime) {
        Instant expiresAt = now.plus(lifetime);
        Map<String, String> fields = PostPolicySigner.sign(
                bucket, key, contentType, 1, maxBytes, now, expiresAt, region, credentials.resolveCredentials());
        return new SignedUpload(postUrl, null, fields, expiresAt);
    }

    @Override
    public String signGet(String key, Duration lifetime) {
        return presigner
                .presignGetObject(p -> p.signatureDuration(lifetime)
                        .getObjectRequest(o -> o.bucket(bucket).key(key)))
                .url()
                .toString();
    }
}
