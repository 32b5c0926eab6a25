package dev.polystack.local.firehose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.local.lake.LakeQuery;
import dev.polystack.local.s3.LocalS3;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;
import software.amazon.awssdk.services.firehose.model.ServiceUnavailableException;
import software.amazon.awssdk.services.s3.S3Client;

/** Drives the emulator through the SDK's {@code FirehoseClient}, and reads what it wrote through the S3 SDK and DuckDB. */
class FirehoseContractIT {
    static final String BUCKET = "contract-lake";
    static final String STREAM = "events";
    static final Map<String, String> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("id", "string");
        COLUMNS.put("n", "bigint");
        COLUMNS.put("day", "string");
    }

    static LocalS3 s3Proxy;
    static S3Client s3;
    FirehoseEmulator firehose;
    FirehoseClient client;
    String prefix;

    @BeforeAll
    static void startS3() {
        s3Proxy = LocalS3.start("test", "test-secret", null, created -> {});
        s3 = S3Client.builder()
                .endpointOverride(s3Proxy.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stopS3() {
        s3.close();
        s3Proxy.close();
    }

    /** A stream per test under its own prefix: 1 s interval, 200-byte buffers unless a test says otherwise. */
    void start(long bufferBytes, Duration interval) {
        prefix = "t" + UUID.randomUUID() + "/";
        firehose = FirehoseEmulator.start(
                s3,
                List.of(new DeliveryStream.Config(
                        STREAM,
                        BUCKET,
                        prefix + "dt=!{partitionKeyFromQuery:dt}/",
                        prefix + "errors/!{firehose:error-output-type}/",
                        "{dt: .day[0:10]}",
                        COLUMNS,
                        bufferBytes,
                        interval)),
                0);
        client = FirehoseClient.builder()
                .endpointOverride(firehose.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
                .build();
    }

    @BeforeEach
    void defaults() {
        start(1_000_000, Duration.ofSeconds(1));
    }

    @AfterEach
    void stop() {
        client.close();
        firehose.close();
    }

    static Record record(String id, long n, String day) {
        return Record.builder()
                .data(SdkBytes.fromUtf8String(
                        "{\"id\":\"" + id + "\",\"n\":" + n + ",\"day\":\"" + day + "T10:00:00Z\",\"extra\":true}"))
                .build();
    }

    List<String> keys(String under) {
        return s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix + under)).contents().stream()
                .map(o -> o.key())
                .toList();
    }

    void awaitObjects(String under, int count, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (keys(under).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Test
    void batchIsWrittenAsParquetUnderItsDayPartitionWithinTheBufferInterval() throws Exception {
        PutRecordBatchResponse response = client.putRecordBatch(b -> b.deliveryStreamName(STREAM)
                .records(record("a", 1, "2026-11-30"), record("b", 2, "2026-12-01"), record("c", 3, "2026-12-01")));
        assertEquals(0, response.failedPutCount());
        assertEquals(3, response.requestResponses().size());
        response.requestResponses().forEach(r -> assertNotNull(r.recordId()));
        assertTrue(keys("").isEmpty(), "nothing is delivered before the buffer interval");

        awaitObjects("dt=", 2, Duration.ofSeconds(10));
        List<String> keys = keys("dt=");
        assertEquals(2, keys.size(), keys.toString());
        assertTrue(
                keys.stream()
                        .allMatch(
                                k -> k.matches(
                                        ".*/dt=2026-1[12]-\\d\\d/events-1-\\d{4}-\\d\\d-\\d\\d-\\d\\d-\\d\\d-\\d\\d-[0-9a-f-]{36}\\.parquet")),
                keys.toString());
        try (LakeQuery lake = LakeQuery.fromS3(s3, BUCKET, prefix, "events")) {
            assertEquals(
                    List.of(
                            List.of("a", "1", "2026-11-30"),
                            List.of("b", "2", "2026-12-01"),
                            List.of("c", "3", "2026-12-01")),
                    lake.run("SELECT id, n, dt FROM events ORDER BY id").rows());
            assertEquals(
                    List.of("id", "n", "day", "dt"),
                    lake.run("SELECT * FROM events").columns(),
                    "fields outside the schema are dropped");
        }
    }

    @Test
    void fullBufferIsDeliveredBeforeTheInterval() throws Exception {
        client.close();
        firehose.close();
        start(200, Duration.ofMinutes(10));
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(record("r" + i, i, "2026-12-01"));
        }
        client.putRecordBatch(b -> b.deliveryStreamName(STREAM).records(records));
        awaitObjects("dt=2026-12-01/", 1, Duration.ofSeconds(10));
        assertEquals(
                1,
                keys("dt=2026-12-01/").size(),
                "the 200-byte buffer was full: delivered though the interval is 10 minutes");
    }

    @Test
    void recordsOverTheThroughputQuotaFailOneByOneWhileTheOthersAreAccepted() throws Exception {
        firehose.limitRecordsPerSecond(2);
        PutRecordBatchResponse response;
        // Start in a fresh one-second window, so the quota is whole.
        Thread.sleep(1000 - System.currentTimeMillis() % 1000);
        response = client.putRecordBatch(b -> b.deliveryStreamName(STREAM)
                .records(
                        record("a", 1, "2026-12-01"),
                        record("b", 2, "2026-12-01"),
                        record("c", 3, "2026-12-01"),
                        record("d", 4, "2026-12-01")));
        assertEquals(2, response.failedPutCount());
        assertNotNull(response.requestResponses().get(0).recordId());
        assertNull(response.requestResponses().get(0).errorCode());
        assertEquals(
                "ServiceUnavailableException",
                response.requestResponses().get(2).errorCode());
        assertNull(response.requestResponses().get(3).recordId());
        assertThrows(
                ServiceUnavailableException.class,
                () -> client.putRecord(b -> b.deliveryStreamName(STREAM).record(record("e", 5, "2026-12-01"))));

        firehose.flush();
        try (LakeQuery lake = LakeQuery.fromS3(s3, BUCKET, prefix, "events")) {
            assertEquals(
                    List.of(List.of("a"), List.of("b")),
                    lake.run("SELECT id FROM events ORDER BY id").rows(),
                    "only the accepted records");
        }
    }

    @Test
    void putRecordIsAcceptedAndDelivered() {
        assertNotNull(client.putRecord(b -> b.deliveryStreamName(STREAM).record(record("one", 1, "2026-12-02")))
                .recordId());
        firehose.flush();
        assertEquals(1, keys("dt=2026-12-02/").size());
    }

    @Test
    void unknownStreamIsResourceNotFound() {
        assertThrows(
                ResourceNotFoundException.class,
                () -> client.putRecord(b -> b.deliveryStreamName("nope").record(record("a", 1, "2026-12-01"))));
    }

    @Test
    void moreThan500RecordsIsInvalidArgumentAndNothingIsAccepted() {
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            records.add(record("r" + i, i, "2026-12-01"));
        }
        assertThrows(
                InvalidArgumentException.class,
                () -> client.putRecordBatch(b -> b.deliveryStreamName(STREAM).records(records)));
        assertEquals(0, firehose.buffered(STREAM));
    }

    @Test
    void recordOver1000KibIsInvalidArgument() {
        Record big = Record.builder()
                .data(SdkBytes.fromByteArray(new byte[FirehoseEmulator.MAX_RECORD_BYTES + 1]))
                .build();
        assertThrows(
                InvalidArgumentException.class,
                () -> client.putRecord(b -> b.deliveryStreamName(STREAM).record(big)));
    }

    @Test
    void recordWithoutThePartitionKeyGoesToTheErrorPrefixNotTheTable() throws Exception {
        client.putRecord(b -> b.deliveryStreamName(STREAM)
                .record(Record.builder()
                        .data(SdkBytes.fromUtf8String("{\"id\":\"x\"}"))
                        .build()));
        firehose.flush();
        assertTrue(keys("dt=").isEmpty());
        assertEquals(1, keys("errors/partitioning-failed/").size());
    }
}
