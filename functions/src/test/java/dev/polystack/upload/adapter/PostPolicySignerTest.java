package dev.polystack.upload.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** The browser POST policy, checked against AWS's published example and against the specification computed here. */
class PostPolicySignerTest {
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    /**
     * Amazon S3 API Reference, "Example: Browser-Based Upload using HTTP POST (Using AWS Signature
     * Version 4)": the example policy (CRLF line ends) as the page gives it in base64, and the signature
     * it publishes for the example credentials on 20151229 in us-east-1.
     */
    static final String AWS_EXAMPLE_POLICY =
            "eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9";

    static final String AWS_EXAMPLE_SIGNATURE = "8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e";

    /** SigV4 from its specification, independently of the signer: kSecret → kDate → kRegion → kService → kSigning, then the string. */
    static String specSignature(String stringToSign, String secret, String date, String region) throws Exception {
        byte[] key = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
        for (String step : List.of(date, region, "s3", "aws4_request", stringToSign)) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            key = mac.doFinal(step.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(key);
    }

    @Test
    void reproducesTheSignatureAwsPublishesForItsPostExample() throws Exception {
        assertEquals(
                AWS_EXAMPLE_SIGNATURE, PostPolicySigner.signature(AWS_EXAMPLE_POLICY, SECRET, "20151229", "us-east-1"));
        assertEquals(
                AWS_EXAMPLE_SIGNATURE,
                specSignature(AWS_EXAMPLE_POLICY, SECRET, "20151229", "us-east-1"),
                "the test's own SigV4 agrees with AWS");
    }

    @Test
    void theFormCarriesAPolicyPinningTheUploadAndItsSignature() throws Exception {
        Instant now = Instant.parse("2026-11-21T10:15:30.456Z");
        Map<String, String> fields = PostPolicySigner.sign(
                "polystack-uploads",
                "uploads/u-1/019aa7c2f3e8b5d1c2a3f4e5",
                "application/pdf",
                1,
                10_485_760,
                now,
                now.plus(Duration.ofMinutes(5)),
                "eu-west-1",
                AwsSessionCredentials.create("AKIAIOSFODNN7EXAMPLE", SECRET, "token/with+chars="));

        assertEquals(
                List.of(
                        "key",
                        "Content-Type",
                        "x-amz-algorithm",
                        "x-amz-credential",
                        "x-amz-date",
                        "x-amz-security-token",
                        "policy",
                        "x-amz-signature"),
                List.copyOf(fields.keySet()));
        assertEquals("AKIAIOSFODNN7EXAMPLE/20261121/eu-west-1/s3/aws4_request", fields.get("x-amz-credential"));
        assertEquals("20261121T101530Z", fields.get("x-amz-date"));
        JsonNode policy = new ObjectMapper().readTree(Base64.getDecoder().decode(fields.get("policy")));
        assertEquals("2026-11-21T10:20:30.456Z", policy.get("expiration").asText());
        assertEquals(new ObjectMapper().readTree("""
                [{"bucket":"polystack-uploads"},
                 ["eq","$key","uploads/u-1/019aa7c2f3e8b5d1c2a3f4e5"],
                 ["eq","$Content-Type","application/pdf"],
                 ["content-length-range",1,10485760],
                 {"x-amz-algorithm":"AWS4-HMAC-SHA256"},
                 {"x-amz-credential":"AKIAIOSFODNN7EXAMPLE/20261121/eu-west-1/s3/aws4_request"},
                 {"x-amz-date":"20261121T101530Z"},
                 {"x-amz-security-token":"token/with+chars="}]"""), policy.get("conditions"));
        assertEquals(
                specSignature(fields.get("policy"), SECRET, "20261121", "eu-west-1"), fields.get("x-amz-signature"));
    }

    @Test
    void quotesAndBackslashesStayInsideTheirJsonStrings() throws Exception {
        Instant now = Instant.parse("2026-11-21T10:15:30Z");
        String key = "uploads/odd \"name\" \\ here";
        Map<String, String> fields = PostPolicySigner.sign(
                "b",
                key,
                "image/png",
                1,
                10,
                now,
                now.plusSeconds(60),
                "us-east-1",
                AwsSessionCredentials.create("AKID", SECRET, "t"));
        JsonNode policy = new ObjectMapper().readTree(Base64.getDecoder().decode(fields.get("policy")));
        assertEquals(key, policy.get("conditions").get(1).get(2).asText());
    }
}
