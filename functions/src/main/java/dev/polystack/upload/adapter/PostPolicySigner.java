package dev.polystack.upload.adapter;

import dev.polystack.shared.JsonLine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs an S3 browser-upload POST policy with Signature Version 4, following the S3 POST policy
 * specification (the AWS SDK for Java v2 has no presigned POST: aws-sdk-java-v2 #1493).
 *
 * <p>The policy pins the bucket, the exact key and Content-Type, a content-length range, the
 * expiry, and the algorithm, credential and date fields; the signature is the hex HMAC-SHA256 of
 * the base64 policy under the SigV4 signing key for {@code <date>/<region>/s3/aws4_request}.
 */
final class PostPolicySigner {
    private static final DateTimeFormatter EXPIRATION = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private PostPolicySigner() {
    }

    /** The form fields to send, in order, before the file field. */
    static Map<String, String> sign(String bucket, String key, String contentType, long minBytes, long maxBytes,
                                    Instant now, Instant expiresAt, String region, SigV4.Credentials credentials) {
        String amzDate = SigV4.AMZ_DATE.format(now);
        String scopeDate = SigV4.SCOPE_DATE.format(now);
        String credential = credentials.accessKeyId() + "/" + SigV4.scope(scopeDate, region);

        StringBuilder policy = new StringBuilder(512)
                .append("{\"expiration\":\"").append(EXPIRATION.format(expiresAt.truncatedTo(ChronoUnit.MILLIS))).append("\",\"conditions\":[")
                .append("{\"bucket\":").append(JsonLine.quoted(bucket)).append("},")
                .append("[\"eq\",\"$key\",").append(JsonLine.quoted(key)).append("],")
                .append("[\"eq\",\"$Content-Type\",").append(JsonLine.quoted(contentType)).append("],")
                .append("[\"content-length-range\",").append(minBytes).append(',').append(maxBytes).append("],")
                .append("{\"x-amz-algorithm\":\"").append(SigV4.ALGORITHM).append("\"},")
                .append("{\"x-amz-credential\":").append(JsonLine.quoted(credential)).append("},")
                .append("{\"x-amz-date\":\"").append(amzDate).append("\"}");
        if (credentials.sessionToken() != null) {
            policy.append(",{\"x-amz-security-token\":").append(JsonLine.quoted(credentials.sessionToken())).append('}');
        }
        policy.append("]}");
        String encodedPolicy = Base64.getEncoder().encodeToString(policy.toString().getBytes(StandardCharsets.UTF_8));

        String signature = SigV4.hex(SigV4.hmac(SigV4.signingKey(credentials.secretAccessKey(), scopeDate, region), encodedPolicy));

        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", key);
        fields.put("Content-Type", contentType);
        fields.put("x-amz-algorithm", SigV4.ALGORITHM);
        fields.put("x-amz-credential", credential);
        fields.put("x-amz-date", amzDate);
        if (credentials.sessionToken() != null) {
            fields.put("x-amz-security-token", credentials.sessionToken());
        }
        fields.put("policy", encodedPolicy);
        fields.put("x-amz-signature", signature);
        return fields;
    }
}
