package dev.polystack.upload.adapter;

import dev.polystack.upload.SignedUpload;
import dev.polystack.upload.UploadSigner;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/** Presigned PUT and GET URLs through the SDK's presigner, and POST policies through {@link PostPolicySigner}. */
public final class S3UploadSigner implements UploadSigner {
    private final S3Presigner presigner;
    private final AwsCredentialsProvider credentials;
    private final String bucket;
    private final String region;
    private final String postUrl;

    /** {@code endpoint} is set for S3-compatible servers (path-style); AWS uses the virtual-hosted bucket URL. */
    public S3UploadSigner(S3Presigner presigner, AwsCredentialsProvider credentials, String bucket, String region, Optional<URI> endpoint) {
        this.presigner = presigner;
        this.credentials = credentials;
        this.bucket = bucket;
        this.region = region;
        this.postUrl = endpoint
                .map(uri -> uri.toString().replaceAll("/+$", "") + "/" + bucket)
                .orElse("https://" + bucket + ".s3." + region + ".amazonaws.com/");
    }

    @Override
    public SignedUpload signPut(String key, String contentType, long contentLength, String checksumSha256, Instant now, Duration lifetime) {
        PresignedPutObjectRequest presigned = presigner.presignPutObject(r -> r
                .signatureDuration(lifetime)
                .putObjectRequest(p -> p.bucket(bucket).key(key).contentType(contentType).contentLength(contentLength).checksumSHA256(checksumSha256)));
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : presigned.signedHeaders().entrySet()) {
            if (!"host".equalsIgnoreCase(header.getKey())) {
                headers.put(header.getKey(), String.join(",", header.getValue()));
            }
        }
        return new SignedUpload(presigned.url().toString(), headers, null, presigned.expiration().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    @Override
    public SignedUpload signPost(String key, String contentType, long maxBytes, Instant now, Duration lifetime) {
        AwsCredentials resolved = credentials.resolveCredentials();
        String token = resolved instanceof AwsSessionCredentials session ? session.sessionToken() : null;
        Instant expiresAt = now.plus(lifetime);
        Map<String, String> fields = PostPolicySigner.sign(bucket, key, contentType, 1, maxBytes, now, expiresAt, region,
                new PostPolicySigner.Credentials(resolved.accessKeyId(), resolved.secretAccessKey(), token));
        return new SignedUpload(postUrl, null, fields, expiresAt);
    }

    @Override
    public String signGet(String key, Duration lifetime) {
        return presigner.presignGetObject(r -> r.signatureDuration(lifetime).getObjectRequest(g -> g.bucket(bucket).key(key))).url().toString();
    }
}
