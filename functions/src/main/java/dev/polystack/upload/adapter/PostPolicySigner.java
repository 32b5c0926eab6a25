package dev.polystack.upload.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Signs an S3 browser-upload POST policy with Signature Version 4, following the S3 POST policy
 * specification. Ours because the AWS SDK for Java v2 has no presigned POST (aws-sdk-java-v2 #1493).
 *
 * <p>The policy (JSON written by Jackson) pins the bucket, the exact key and Content-Type, a
 * content-length range, the expiry, and the algorithm, credential and date fields; the signature is
 * the hex HMAC-SHA256 of the base64 policy under the SigV4 signing key for
 * {@code <date>/<region>/s3/aws4_request}. The SDK derives that key only in internal classes
 * ({@code SignerUtils.deriveSigningKey} is {@code @SdkInternalApi}; the public {@code AwsV4HttpSigner}
 * signs HTTP requests, never a given string), so the four-step HMAC chain is written here.
 */
final class PostPolicySigner {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SCOPE_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter EXPIRATION =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private PostPolicySigner() {}

    /** The form fields to send, in order, before the file field. */
    static Map<String, String> sign(
            String bucket,
            String key,
            String contentType,
            long minBytes,
            long maxBytes,
            Instant now,
            Instant expiresAt,
            String region,
            AwsCredentials credentials) {
        String amzDate = AMZ_DATE.format(now);
        String scopeDate = SCOPE_DATE.format(now);
        String credential = credentials.accessKeyId() + "/" + scopeDate + "/" + region + "/s3/aws4_request";
        String sessionToken = credentials instanceof AwsSessionCredentials session ? session.sessionToken() : null;

        ObjectNode policy =
                JSON.createObjectNode().put("expiration", EXPIRATION.format(expiresAt.truncatedTo(ChronoUnit.MILLIS)));
        ArrayNode conditions = policy.putArray("conditions");
        conditions.addObject().put("bucket", bucket);
        conditions.addArray().add("eq").add("$key").add(key);
        conditions.addArray().add("eq").add("$Content-Type").add(contentType);
        conditions.addArray().add("content-length-range").add(minBytes).add(maxBytes);
        conditions.addObject().put("x-amz-algorithm", ALGORITHM);
        conditions.addObject().put("x-amz-credential", credential);
        conditions.addObject().put("x-amz-date", amzDate);
        if (sessionToken != null) {
            conditions.addObject().put("x-amz-security-token", sessionToken);
        }
        String encodedPolicy = Base64.getEncoder().encodeToString(json(policy));

        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", key);
        fields.put("Content-Type", contentType);
        fields.put("x-amz-algorithm", ALGORITHM);
        fields.put("x-amz-credential", credential);
        fields.put("x-amz-date", amzDate);
        if (sessionToken != null) {
            fields.put("x-amz-security-token", sessionToken);
        }
        fields.put("policy", encodedPolicy);
        fields.put("x-amz-signature", signature(encodedPolicy, credentials.secretAccessKey(), scopeDate, region));
        return fields;
    }

    /** The hex HMAC-SHA256 of the base64 policy under the SigV4 signing key of {@code <scopeDate>/<region>/s3/aws4_request}. */
    static String signature(String encodedPolicy, String secretAccessKey, String scopeDate, String region) {
        byte[] signingKey = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), scopeDate);
        signingKey = hmac(signingKey, region);
        signingKey = hmac(signingKey, "s3");
        signingKey = hmac(signingKey, "aws4_request");
        return HexFormat.of().formatHex(hmac(signingKey, encodedPolicy));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] json(ObjectNode policy) {
        try {
            return JSON.writeValueAsBytes(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
