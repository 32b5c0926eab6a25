package dev.polystack.upload.adapter;

import dev.polystack.upload.SignedUpload;
import dev.polystack.upload.UploadSigner;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Signs uploads and downloads without calling S3: presigned PUT and GET URLs through
 * {@link PresignedUrlSigner}, browser POST policies through {@link PostPolicySigner}. Credentials
 * come from the provider each time (on Lambda: the function role's, from the environment).
 */
public final class S3UploadSigner implements UploadSigner {
    private final AwsCredentialsProvider credentials;
    private final String bucket;
    private final String region;
    private final String postUrl;
    private final PresignedUrlSigner urls;

    /** {@code endpoint} is set for S3-compatible servers (path-style); AWS uses the virtual-hosted bucket URL. */
    public S3UploadSigner(AwsCredentialsProvider credentials, String bucket, String region, Optional<URI> endpoint) {
        this.credentials = credentials;
        this.bucket = bucket;
        this.region = region;
        this.postUrl = endpoint
                .map(uri -> uri.toString().replaceAll("/+$", "") + "/" + bucket)
                .orElse("https://" + bucket + ".s3." + region + ".amazonaws.com/");
        this.urls = new PresignedUrlSigner(bucket, region, endpoint.orElse(null));
    }

    @Override
    public SignedUpload signPut(String key, String contentType, long contentLength, String checksumSha256, Instant now, Duration lifetime) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", contentType);
        headers.put("content-length", Long.toString(contentLength));
        if (checksumSha256 != null) {
            headers.put("x-amz-checksum-sha256", checksumSha256);
        }
        String url = urls.presign("PUT", key, headers, now, lifetime, credentials());
        return new SignedUpload(url, headers, null, now.plus(lifetime));
    }

    @Override
    public SignedUpload signPost(String key, String contentType, long maxBytes, Instant now, Duration lifetime) {
        Instant expiresAt = now.plus(lifetime);
        Map<String, String> fields = PostPolicySigner.sign(bucket, key, contentType, 1, maxBytes, now, expiresAt, region, credentials());
        return new SignedUpload(postUrl, null, fields, expiresAt);
    }

    @Override
    public String signGet(String key, Duration lifetime) {
        return urls.presign("GET", key, Map.of(), Instant.now(), lifetime, credentials());
    }

    private SigV4.Credentials credentials() {
        AwsCredentials resolved = credentials.resolveCredentials();
        String token = resolved instanceof AwsSessionCredentials session ? session.sessionToken() : null;
        return new SigV4.Credentials(resolved.accessKeyId(), resolved.secretAccessKey(), token);
    }
}
