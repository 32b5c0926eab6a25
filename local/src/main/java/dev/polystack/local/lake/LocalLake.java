package dev.polystack.local.lake;

import dev.polystack.lake.LakeTable;
import dev.polystack.local.firehose.DeliveryStream;
import dev.polystack.local.firehose.FirehoseEmulator;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * The order lake of the local stack: its bucket, and the Firehose stream into it configured as
 * {@code OrderLake} configures the AWS one (prefix, error prefix, partition query, the table's columns),
 * with buffering hints scaled down so that an order shows up within seconds, not minutes.
 */
public final class LocalLake {
    public static final String BUCKET = "polystack-lake";
    public static final String STREAM = "polystack-order-events";
    /** On AWS 64 MiB / 900 s (OrderLake); here small enough to see an order within {@link #BUFFER_INTERVAL}. */
    public static final long BUFFER_BYTES = 1024 * 1024;

    public static final Duration BUFFER_INTERVAL = Duration.ofSeconds(5);

    private LocalLake() {}

    public static DeliveryStream.Config stream(String bucket, long bufferBytes, Duration interval) {
        Map<String, String> columns = new LinkedHashMap<>();
        LakeTable.COLUMNS.forEach(column -> columns.put(column.name(), column.type()));
        return new DeliveryStream.Config(
                STREAM,
                bucket,
                LakeTable.S3_PREFIX,
                LakeTable.ERROR_PREFIX,
                LakeTable.PARTITION_QUERY,
                columns,
                bufferBytes,
                interval);
    }

    public static FirehoseEmulator startFirehose(URI s3Endpoint, String region, String accessKey, String secretKey) {
        return FirehoseEmulator.start(
                s3(s3Endpoint, region, accessKey, secretKey),
                List.of(stream(BUCKET, BUFFER_BYTES, BUFFER_INTERVAL)),
                0);
    }

    public static S3Client s3(URI endpoint, String region, String accessKey, String secretKey) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Idempotent, for a data directory kept from an earlier start. */
    public static void createBucket(S3Client s3) {
        try {
            s3.createBucket(b -> b.bucket(BUCKET));
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException exists) {
            // kept from an earlier start
        }
    }

    /** What local/start prints and the functions get besides the Firehose endpoint: the stream and the lake's bucket. */
    public static Map<String, String> resourceNames() {
        Map<String, String> exports = new LinkedHashMap<>();
        exports.put("LAKE_STREAM", STREAM);
        exports.put("LAKE_BUCKET", BUCKET);
        return exports;
    }

    /** The lake as Athena would see it, through S3: the table's objects copied out, the view named as the Glue table. */
    public static LakeQuery query(S3Client s3) {
        return LakeQuery.fromS3(s3, BUCKET, LakeTable.LOCATION_PREFIX, LakeTable.TABLE);
    }
}
