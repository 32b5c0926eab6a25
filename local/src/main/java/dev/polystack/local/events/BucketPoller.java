package dev.polystack.local.events;

import dev.polystack.local.Threads;
import dev.polystack.local.s3.ObjectCreated;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An external emulator's S3 (LocalStack, Floci) cannot invoke functions in this process, so new
 * objects are found by listing the bucket and announced like S3Proxy's, a moment later.
 */
public final class BucketPoller implements AutoCloseable {
    static final Duration EVERY = Duration.ofMillis(300);

    private final ScheduledExecutorService watcher =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("s3-watch"));
    private final Map<String, String> seen = new ConcurrentHashMap<>();

    private BucketPoller() {}

    /** Lists {@code bucket} every 300 ms; an object with a key or ETag not seen before goes to {@code announce}. */
    public static BucketPoller start(S3Client s3, String bucket, Consumer<ObjectCreated> announce) {
        BucketPoller poller = new BucketPoller();
        poller.watcher.scheduleWithFixedDelay(
                () -> poller.poll(s3, bucket, announce), EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return poller;
    }

    private void poll(S3Client s3, String bucket, Consumer<ObjectCreated> announce) {
        try {
            s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().forEach(object -> {
                if (!object.eTag().equals(seen.put(object.key(), object.eTag()))) {
                    announce.accept(new ObjectCreated(
                            "ObjectCreated:Put",
                            bucket,
                            object.key(),
                            object.size(),
                            object.eTag().replace("\"", "")));
                }
            });
        } catch (RuntimeException e) {
            System.err.println("bucket watch failed: " + e);
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
