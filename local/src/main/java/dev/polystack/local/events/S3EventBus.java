package dev.polystack.local.events;

import dev.polystack.local.Threads;
import dev.polystack.local.lambda.FunctionDefinition;
import dev.polystack.local.lambda.FunctionInvoker;
import dev.polystack.local.lambda.Invocation;
import dev.polystack.local.s3.ObjectCreated;
import dev.polystack.local.s3.S3EventFactory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * S3's event notifications, locally: every new object is announced here (by S3Proxy, or by the
 * {@link BucketPoller} for an external emulator) and delivered asynchronously, as S3 delivers it, to
 * each function subscribed to a matching key prefix and to each raw listener. A function that fails
 * is invoked again as Lambda retries an asynchronous invocation: twice, then given up (on AWS: to the
 * on-failure destination). https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html
 */
public final class S3EventBus implements AutoCloseable {
    /** Lambda retries a failed asynchronous invocation twice. */
    public static final int ASYNC_RETRIES = 2;
    /** On AWS about 1 and 2 minutes; here 1 s and twice that. */
    public static final Duration ASYNC_RETRY_DELAY = Duration.ofSeconds(1);

    private final String region;
    private volatile boolean muted;
    private final Duration retryDelay;
    private final List<Consumer<ObjectCreated>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService deliveries = Executors.newSingleThreadExecutor(Threads.daemon("s3-events"));
    private final ScheduledExecutorService retries =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("async-retries"));

    public S3EventBus(String region) {
        this(region, ASYNC_RETRY_DELAY);
    }

    /** With the first retry {@code retryDelay} after a failure, the second twice that after the next. */
    S3EventBus(String region, Duration retryDelay) {
        this.region = region;
        this.retryDelay = retryDelay;
    }

    /** A new object: every listener hears of it on the delivery thread, never on the caller's. */
    public void announce(ObjectCreated created) {
        if (muted) {
            return;
        }
        List<Consumer<ObjectCreated>> current = List.copyOf(listeners);
        deliveries.submit(() -> current.forEach(listener -> {
            try {
                listener.accept(created);
            } catch (RuntimeException e) {
                System.err.println("S3 event subscriber failed for " + created.key() + ": " + e);
            }
        }));
    }

    /** Runs {@code writes} with no object announced (objects put back by a restore, not uploaded). */
    public synchronized void mute(Runnable writes) {
        muted = true;
        try {
            writes.run();
        } finally {
            muted = false;
        }
    }

    /** A raw listener (tests watch the events the stack emits). */
    public void listen(Consumer<ObjectCreated> listener) {
        listeners.add(listener);
    }

    /** {@code function} is invoked with S3's event JSON for each new object under the trigger's prefix (an export under exports/ reaches no upload function). */
    public void subscribe(String function, FunctionDefinition.ObjectCreated trigger, FunctionInvoker functions) {
        listen(created -> {
            if (trigger.matches(created.key())) {
                deliver(functions, function, S3EventFactory.eventJson(created, region), created.key(), 1);
            }
        });
    }

    private void deliver(FunctionInvoker functions, String function, byte[] event, String key, int attempt) {
        Invocation outcome = functions.invoke(function, event, UUID.randomUUID().toString());
        if (!outcome.failed()) {
            return;
        }
        if (attempt > ASYNC_RETRIES) {
            System.err.println(function + " failed for " + key + " after " + attempt + " attempts, given up: "
                    + outcome.payloadText());
            return;
        }
        retries.schedule(
                () -> deliver(functions, function, event, key, attempt + 1),
                retryDelay.toMillis() * attempt,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        deliveries.shutdownNow();
        retries.shutdownNow();
    }
}
