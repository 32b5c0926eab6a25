package dev.polystack.local.firehose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.polystack.local.LoopbackServers;
import dev.polystack.local.Threads;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Amazon Data Firehose on loopback: the service's JSON 1.1 wire protocol ({@code X-Amz-Target:
 * Firehose_20150804.PutRecord} and {@code .PutRecordBatch}), so the SDK's {@code FirehoseClient}
 * works unchanged, in front of {@link DeliveryStream}s that buffer, partition and write Parquet to
 * S3 (S3Proxy locally) through the S3 SDK.
 *
 * <p>Limits as the service's API reference states them
 * (https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html): at most 500
 * records per call, each at most 1,000 KiB, 4 MiB per call; the stream name 1 to 64 characters of
 * {@code [a-zA-Z0-9_.-]}. A stream's throughput quota (records per second,
 * https://docs.aws.amazon.com/firehose/latest/dev/limits.html) is enforced per one-second window:
 * records over it fail one by one in a {@code PutRecordBatch} with {@code ErrorCode
 * ServiceUnavailableException} and count in {@code FailedPutCount} while the others are accepted,
 * as the service reports partial failures; a {@code PutRecord} over it fails whole.
 */
public final class FirehoseEmulator implements AutoCloseable {
    static final int MAX_BATCH_RECORDS = 500;
    static final int MAX_RECORD_BYTES = 1_000 * 1024;
    static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;
    /** The default quota of most regions (docs above); tests lower it to see partial failures. */
    public static final int DEFAULT_RECORDS_PER_SECOND = 5_000;

    private static final String TARGET_PREFIX = "Firehose_20150804.";
    private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TICK_MILLIS = 100;

    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(8, Threads.daemon("firehose"));
    private final ScheduledExecutorService flusher =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("firehose-flush"));
    private final Map<String, DeliveryStream> streams = new LinkedHashMap<>();
    private final Clock clock;
    private volatile int recordsPerSecond = DEFAULT_RECORDS_PER_SECOND;
    private long windowSecond = -1;
    private int windowRecords;

    private FirehoseEmulator(HttpServer server, S3Client s3, List<DeliveryStream.Config> configs, Clock clock) {
        this.server = server;
        this.clock = clock;
        configs.forEach(config -> streams.put(config.name(), new DeliveryStream(config, s3, clock)));
        server.setExecutor(workers);
        server.createContext("/", this::serve);
    }

    /** Starts on loopback (port 0: any free one) with these streams, writing through {@code s3}. */
    public static FirehoseEmulator start(S3Client s3, List<DeliveryStream.Config> streams, int port) {
        try {
            HttpServer server = LoopbackServers.create(port, 64);
            FirehoseEmulator emulator = new FirehoseEmulator(server, s3, streams, Clock.systemUTC());
            emulator.flusher.scheduleWithFixedDelay(
                    emulator::deliverDue, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
            server.start();
            return emulator;
        } catch (IOException e) {
            throw new IllegalStateException("the Firehose emulator did not start: " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The stream's throughput quota, records per second (tests lower it to provoke partial failures). */
    public void limitRecordsPerSecond(int limit) {
        this.recordsPerSecond = limit;
    }

    /** Delivers every buffer now, whatever its size and age (a stop, or a test that does not wait for the interval). */
    public void flush() {
        try {
            flusher.submit(() -> streams.values().forEach(s -> s.deliverDue(true)))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("flush failed", e.getCause());
        }
    }

    public DeliveryStream.Delivered delivered(String stream) {
        return streams.get(stream).delivered();
    }

    public int buffered(String stream) {
        return streams.get(stream).buffered();
    }

    private void deliverDue() {
        for (DeliveryStream stream : streams.values()) {
            try {
                stream.deliverDue(false);
            } catch (RuntimeException e) {
                System.err.println("firehose " + stream.name() + ": " + e);
            }
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status = 200;
            ObjectNode response;
            try {
                response = dispatch(exchange);
            } catch (FirehoseError e) {
                status = e.status;
                response = JSON.createObjectNode().put("__type", e.type).put("message", e.getMessage());
            } catch (RuntimeException e) {
                status = 500;
                response = JSON.createObjectNode()
                        .put("__type", "InternalFailure")
                        .put("message", String.valueOf(e.getMessage()));
            }
            byte[] body = JSON.writeValueAsBytes(response);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.getResponseHeaders()
                    .set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private ObjectNode dispatch(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
            throw FirehoseError.unknownOperation("expected a POST with X-Amz-Target " + TARGET_PREFIX + "<Operation>");
        }
        byte[] raw = exchange.getRequestBody().readAllBytes();
        if (raw.length > MAX_BATCH_BYTES * 2) {
            throw FirehoseError.invalidArgument("request too large");
        }
        JsonNode request;
        try {
            request = JSON.readTree(raw);
        } catch (IOException e) {
            throw FirehoseError.serialization("the request body is not JSON");
        }
        if (request == null || !request.isObject()) {
            throw FirehoseError.serialization("the request body is not a JSON object");
        }
        return switch (target.substring(TARGET_PREFIX.length())) {
            case "PutRecord" -> putRecord(request);
            case "PutRecordBatch" -> putRecordBatch(request);
            default -> throw FirehoseError.unknownOperation("operation not supported by the local Firehose: " + target);
        };
    }

    private ObjectNode putRecord(JsonNode request) {
        DeliveryStream stream = stream(request);
        byte[] data = data(request.get("Record"), 0);
        if (admitted(1) < 1) {
            throw FirehoseError.serviceUnavailable("Slow down.");
        }
        accept(stream, data);
        return JSON.createObjectNode().put("RecordId", recordId()).put("Encrypted", false);
    }

    private ObjectNode putRecordBatch(JsonNode request) {
        DeliveryStream stream = stream(request);
        JsonNode records = request.get("Records");
        if (records == null || !records.isArray() || records.isEmpty() || records.size() > MAX_BATCH_RECORDS) {
            throw FirehoseError.invalidArgument("Records must hold 1 to " + MAX_BATCH_RECORDS + " records");
        }
        List<byte[]> data = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < records.size(); i++) {
            byte[] one = data(records.get(i), i);
            total += one.length;
            data.add(one);
        }
        if (total > MAX_BATCH_BYTES) {
            throw FirehoseError.invalidArgument("the records add up to " + total + " bytes, over the 4 MiB per call");
        }
        int admitted = admitted(data.size());
        ArrayNode responses = JSON.createArrayNode();
        for (int i = 0; i < data.size(); i++) {
            if (i < admitted) {
                accept(stream, data.get(i));
                responses.addObject().put("RecordId", recordId());
            } else {
                responses
                        .addObject()
                        .put("ErrorCode", "ServiceUnavailableException")
                        .put("ErrorMessage", "Slow down.");
            }
        }
        ObjectNode response = JSON.createObjectNode()
                .put("FailedPutCount", data.size() - admitted)
                .put("Encrypted", false);
        response.set("RequestResponses", responses);
        return response;
    }

    private void accept(DeliveryStream stream, byte[] data) {
        if (stream.accept(data)) {
            flusher.execute(() -> stream.deliverDue(false));
        }
    }

    /** How many of {@code wanted} records the current one-second window still takes. */
    private synchronized int admitted(int wanted) {
        long second = clock.millis() / 1000;
        if (second != windowSecond) {
            windowSecond = second;
            windowRecords = 0;
        }
        int admitted = Math.max(0, Math.min(wanted, recordsPerSecond - windowRecords));
        windowRecords += admitted;
        return admitted;
    }

    private DeliveryStream stream(JsonNode request) {
        JsonNode name = request.get("DeliveryStreamName");
        if (name == null
                || !name.isTextual()
                || !STREAM_NAME.matcher(name.asText()).matches()) {
            throw FirehoseError.invalidArgument("DeliveryStreamName must be 1 to 64 characters of [a-zA-Z0-9_.-]");
        }
        DeliveryStream stream = streams.get(name.asText());
        if (stream == null) {
            throw FirehoseError.notFound("Firehose " + name.asText() + " under account 000000000000 not found.");
        }
        return stream;
    }

    private static byte[] data(JsonNode record, int index) {
        JsonNode data = record == null ? null : record.get("Data");
        if (data == null || !data.isTextual()) {
            throw FirehoseError.invalidArgument("record " + index + " has no Data");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data.asText());
        } catch (IllegalArgumentException e) {
            throw FirehoseError.serialization("record " + index + ": Data is not base64");
        }
        if (bytes.length > MAX_RECORD_BYTES) {
            throw FirehoseError.invalidArgument(
                    "record " + index + " is " + bytes.length + " bytes, over the 1,000 KiB limit");
        }
        return bytes;
    }

    private static String recordId() {
        return UUID.randomUUID().toString().replace("-", "")
                + UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public void close() {
        server.stop(0);
        try {
            flush();
        } catch (RuntimeException e) {
            System.err.println("firehose: final delivery failed: " + e);
        }
        flusher.shutdownNow();
        workers.shutdownNow();
        streams.values().forEach(DeliveryStream::close);
    }
}
