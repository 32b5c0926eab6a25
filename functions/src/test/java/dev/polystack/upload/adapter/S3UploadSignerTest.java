package dev.polystack.upload.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.upload.SignedUpload;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.S3Utilities;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Presigned URLs from the SDK's presigner: what is signed, and where the URLs point. */
class S3UploadSignerTest {
    static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    static final String KEY = "uploads/0b6e2f56-1a7c-4d0e-9a55-7c6f0b9a1e21/019aa7c2f3e8b5d1c2a3f4e5";

    /** As the composition root builds it: one presigner, and an endpoint override only for S3-compatible servers (path-style). */
    static S3UploadSigner signer(String region, String bucket, String endpoint) {
        S3Presigner.Builder presigner =
                S3Presigner.builder().region(Region.of(region)).credentialsProvider(CREDENTIALS);
        S3Utilities.Builder urls = S3Utilities.builder().region(Region.of(region));
        if (endpoint != null) {
            S3Configuration pathStyle =
                    S3Configuration.builder().pathStyleAccessEnabled(true).build();
            presigner.endpointOverride(URI.create(endpoint)).serviceConfiguration(pathStyle);
            urls.endpoint(URI.create(endpoint)).s3Configuration(pathStyle);
        }
        return new S3UploadSigner(presigner.build(), urls.build(), CREDENTIALS, bucket, region);
    }

    static String query(String url, String name) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(
                        pair.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError(name + " missing from " + url);
    }

    @Test
    void aPresignedPutSignsTheTypeTheLengthAndTheDeclaredChecksum() {
        S3UploadSigner signer = signer("us-east-1", "polystack-uploads", null);
        String checksum = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=";
        Instant now = Instant.parse("2026-11-21T10:15:30.456Z");
        SignedUpload withChecksum = signer.signPut(KEY, "image/png", 9, checksum, now, Duration.ofMinutes(5));
        assertEquals(
                "content-length;content-type;host;x-amz-checksum-sha256",
                query(withChecksum.url(), "X-Amz-SignedHeaders"));
        assertEquals(
                Map.of("content-type", "image/png", "content-length", "9", "x-amz-checksum-sha256", checksum),
                withChecksum.headers());
        assertEquals("300", query(withChecksum.url(), "X-Amz-Expires"));
        assertEquals(now.plus(Duration.ofMinutes(5)), withChecksum.expiresAt());

        SignedUpload without = signer.signPut(KEY, "image/png", 9, null, now, Duration.ofMinutes(5));
        assertEquals("content-length;content-type;host", query(without.url(), "X-Amz-SignedHeaders"));
        assertEquals(Map.of("content-type", "image/png", "content-length", "9"), without.headers());
    }

    @ParameterizedTest
    @CsvSource({
        "us-east-1,  polystack-uploads,   ,                      https://polystack-uploads.s3.amazonaws.com/",
        "eu-west-1,  polystack-uploads,   ,                      https://polystack-uploads.s3.eu-west-1.amazonaws.com/",
        "cn-north-1, polystack-uploads,   ,                      https://polystack-uploads.s3.cn-north-1.amazonaws.com.cn/",
        "eu-west-1,  uploads.example.com, ,                      https://s3.eu-west-1.amazonaws.com/uploads.example.com/",
        "us-east-1,  polystack-uploads,   http://127.0.0.1:4567, http://127.0.0.1:4567/polystack-uploads/"
    })
    void urlsPointWhereTheSdksEndpointRulesSay(String region, String bucket, String endpoint, String bucketUrl) {
        S3UploadSigner signer = signer(region, bucket, endpoint);
        Instant now = Instant.now();
        assertTrue(signer.signPut(KEY, "image/png", 9, null, now, Duration.ofMinutes(5))
                .url()
                .startsWith(bucketUrl + KEY + "?"));
        String download = signer.signGet(KEY, Duration.ofMinutes(5));
        assertTrue(download.startsWith(bucketUrl + KEY + "?"), download);
        assertEquals("host", query(download, "X-Amz-SignedHeaders"));
        assertEquals(
                bucketUrl,
                signer.signPost(KEY, "image/png", 10, now, Duration.ofMinutes(5))
                        .url());
    }
}
