package dev.polystack.local.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Builds the JSON S3 sends to Lambda for an {@code ObjectCreated} event (event version 2.1). */
public final class S3EventFactory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong SEQUENCER = new AtomicLong(System.currentTimeMillis());

    private S3EventFactory() {}

    public static byte[] eventJson(ObjectCreated created, String region) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode record = root.putArray("Records").addObject();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", region);
        record.put("eventTime", Instant.now().toString());
        record.put("eventName", created.eventName());
        record.putObject("userIdentity").put("principalId", "local");
        record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        record.putObject("responseElements").put("x-amz-request-id", Long.toHexString(SEQUENCER.get()));
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "uploads");
        ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", created.bucket());
        bucket.putObject("ownerIdentity").put("principalId", "local");
        bucket.put("arn", "arn:aws:s3:::" + created.bucket());
        ObjectNode object = s3.putObject("object");
        // S3 URL-encodes the key in notifications (spaces become '+').
        object.put(
                "key", URLEncoder.encode(created.key(), StandardCharsets.UTF_8).replace("%2F", "/"));
        object.put("size", created.size());
        object.put("eTag", created.eTag());
        object.put("sequencer", String.format("%016X", SEQUENCER.incrementAndGet()));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
