package dev.polystack.local.firehose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One delivery stream to S3 with dynamic partitioning and Parquet conversion. Each partition has
 * its own buffer, delivered as one object when it holds {@link Config#bufferBytes} of incoming
 * data or its oldest record has waited {@link Config#bufferInterval}, whichever comes first
 * (https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning.html,
 * https://docs.aws.amazon.com/firehose/latest/dev/create-configure-backup.html). A record that
 * cannot be partitioned or converted goes, as it came, under the error prefix.
 */
public final class DeliveryStream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY_FROM_QUERY =
            Pattern.compile("!\\{partitionKeyFromQuery:([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern TIMESTAMP = Pattern.compile("!\\{timestamp:([^}]+)}");
    private static final DateTimeFormatter OBJECT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);

    /**
     * A stream's configuration, named as in {@code CreateDeliveryStream}: the bucket, the prefix with
     * {@code !{partitionKeyFromQuery:…}}, the error prefix, the JQ metadata extraction query, the
     * table's columns (name to Hive type) and the buffering hints.
     */
    public record Config(
            String name,
            String bucket,
            String prefix,
            String errorPrefix,
            String partitionQuery,
            Map<String, String> columns,
            long bufferBytes,
            Duration bufferInterval) {
        public Config {
            columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
            if (bufferBytes < 1 || bufferInterval.isNegative()) {
                throw new IllegalArgumentException("buffering hints must be positive");
            }
        }
    }

    /** What was delivered so far: objects and records, to the table and to the error prefix. */
    public record Delivered(long objects, long records, long errorObjects, long errorRecords) {}

    private static final class Buffer {
        final List<byte[]> records = new ArrayList<>();
        long bytes;
        long firstAtMillis;
    }

    private final Config config;
    private final PartitionQuery query;
    private final ParquetFiles parquet;
    private final S3Client s3;
    private final Clock clock;
    private final Map<String, Buffer> buffers = new LinkedHashMap<>();
    private final AtomicLong objects = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong errorObjects = new AtomicLong();
    private final AtomicLong errorRecords = new AtomicLong();

    DeliveryStream(Config config, S3Client s3, Clock clock) {
        this.config = config;
        this.query = new PartitionQuery(config.partitionQuery());
        this.parquet = new ParquetFiles(config.columns());
        this.s3 = s3;
        this.clock = clock;
    }

    String name() {
        return config.name();
    }

    /** Takes an accepted record into its partition's buffer; true when that buffer is now full. */
    boolean accept(byte[] data) {
        String prefix;
        try {
            JsonNode record = JSON.readTree(data);
            if (record == null || !record.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            prefix = resolve(config.prefix(), query.keysOf(record));
        } catch (IOException | IllegalArgumentException e) {
            deliverErrors("partitioning-failed", List.of(data));
            return false;
        }
        synchronized (buffers) {
            Buffer buffer = buffers.computeIfAbsent(prefix, p -> new Buffer());
            if (buffer.records.isEmpty()) {
                buffer.firstAtMillis = clock.millis();
            }
            buffer.records.add(data);
            buffer.bytes += data.length;
            return buffer.bytes >= config.bufferBytes();
        }
    }

    /** Delivers every buffer that is full or has waited its interval ({@code everything}: all of them). */
    void deliverDue(boolean everything) {
        Map<String, Buffer> due = new LinkedHashMap<>();
        long now = clock.millis();
        synchronized (buffers) {
            buffers.entrySet().removeIf(entry -> {
                Buffer buffer = entry.getValue();
                boolean isDue = everything
                        || buffer.bytes >= config.bufferBytes()
                        || now - buffer.firstAtMillis >= config.bufferInterval().toMillis();
                if (isDue && !buffer.records.isEmpty()) {
                    due.put(entry.getKey(), buffer);
                }
                return isDue;
            });
        }
        due.forEach(this::deliver);
    }

    /** How many records wait in buffers. */
    int buffered() {
        synchronized (buffers) {
            return buffers.values().stream().mapToInt(b -> b.records.size()).sum();
        }
    }

    Delivered delivered() {
        return new Delivered(objects.get(), records.get(), errorObjects.get(), errorRecords.get());
    }

    private void deliver(String prefix, Buffer buffer) {
        Path file;
        try {
            file = parquet.write(buffer.records);
        } catch (java.sql.SQLException | RuntimeException e) {
            deliverErrors("format-conversion-failed", buffer.records);
            return;
        }
        try {
            s3.putObject(
                    b -> b.bucket(config.bucket()).key(prefix + objectName(".parquet")), RequestBody.fromFile(file));
            objects.incrementAndGet();
            records.addAndGet(buffer.records.size());
        } catch (RuntimeException e) {
            // S3 refused or was down: Firehose retries delivery; so does this buffer, on the next tick.
            synchronized (buffers) {
                Buffer current = buffers.computeIfAbsent(prefix, p -> new Buffer());
                current.firstAtMillis = current.records.isEmpty()
                        ? buffer.firstAtMillis
                        : Math.min(current.firstAtMillis, buffer.firstAtMillis);
                current.records.addAll(0, buffer.records);
                current.bytes += buffer.bytes;
            }
            System.err.println("firehose " + config.name() + ": delivery to s3://" + config.bucket() + "/" + prefix
                    + " failed, retrying: " + e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }

    private void deliverErrors(String outputType, List<byte[]> failed) {
        StringBuilder body = new StringBuilder();
        for (byte[] record : failed) {
            body.append(new String(record, StandardCharsets.UTF_8)).append('\n');
        }
        String prefix = config.errorPrefix().replace("!{firehose:error-output-type}", outputType);
        s3.putObject(
                b -> b.bucket(config.bucket()).key(resolve(prefix, Map.of()) + objectName("")),
                RequestBody.fromString(body.toString()));
        errorObjects.incrementAndGet();
        errorRecords.addAndGet(failed.size());
    }

    /** Firehose's object name: stream name, stream version, the time, a random part. */
    private String objectName(String extension) {
        return config.name() + "-1-" + OBJECT_TIME.format(clock.instant()) + "-" + UUID.randomUUID() + extension;
    }

    private String resolve(String prefix, Map<String, String> keys) {
        Matcher key = KEY_FROM_QUERY.matcher(prefix);
        StringBuilder resolved = new StringBuilder();
        while (key.find()) {
            String value = keys.get(key.group(1));
            if (value == null) {
                throw new IllegalArgumentException("the query extracts no key " + key.group(1));
            }
            key.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        key.appendTail(resolved);
        Matcher time = TIMESTAMP.matcher(resolved.toString());
        StringBuilder timed = new StringBuilder();
        while (time.find()) {
            time.appendReplacement(
                    timed,
                    Matcher.quoteReplacement(DateTimeFormatter.ofPattern(time.group(1))
                            .withZone(ZoneOffset.UTC)
                            .format(clock.instant())));
        }
        time.appendTail(timed);
        return timed.toString();
    }

    @Override
    public void close() {
        parquet.close();
    }
}
