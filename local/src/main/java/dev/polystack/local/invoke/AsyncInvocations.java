package dev.polystack.local.invoke;

import dev.polystack.local.Threads;
import dev.polystack.local.lambda.FunctionInvoker;
import dev.polystack.local.lambda.Invocation;
import dev.polystack.local.lambda.ThrottledException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Lambda's queue for asynchronous invocations ({@code InvocationType: Event}), as
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html describes it: a
 * function error is retried twice (on AWS one minute, then two minutes later; here after the first
 * retry delay and twice that), then the event is dropped (on AWS: to a destination or dead-letter
 * queue, neither of which this template configures); a throttled event stays queued and is tried again
 * with delays growing exponentially from one second to five minutes, for up to the maximum event age,
 * six hours, as on AWS.
 */
final class AsyncInvocations implements AutoCloseable {
    static final int RETRIES = 2;
    static final Duration MAXIMUM_EVENT_AGE = Duration.ofHours(6);
    private static final Duration FIRST_THROTTLE_DELAY = Duration.ofSeconds(1);
    private static final Duration LONGEST_THROTTLE_DELAY = Duration.ofMinutes(5);

    private final FunctionInvoker functions;
    private final Duration firstRetryDelay;
    private final Consumer<String> log;
    private final ScheduledExecutorService queue = Executors.newScheduledThreadPool(2, Threads.daemon("lambda-async"));

    AsyncInvocations(FunctionInvoker functions, Duration firstRetryDelay, Consumer<String> log) {
        this.functions = functions;
        this.firstRetryDelay = firstRetryDelay;
        this.log = log;
    }

    void submit(String function, byte[] event) {
        long queuedAt = System.nanoTime();
        queue.execute(() -> attempt(function, event, queuedAt, 0, 0));
    }

    /** One try; {@code failures} function errors and {@code throttles} throttles so far. */
    private void attempt(String function, byte[] event, long queuedAt, int failures, int throttles) {
        Invocation outcome;
        try {
            outcome = functions.invoke(function, event, UUID.randomUUID().toString());
        } catch (ThrottledException throttled) {
            Duration delay = FIRST_THROTTLE_DELAY.multipliedBy(1L << Math.min(throttles, 9));
            delay = delay.compareTo(LONGEST_THROTTLE_DELAY) > 0 ? LONGEST_THROTTLE_DELAY : delay;
            if (Duration.ofNanos(System.nanoTime() - queuedAt).plus(delay).compareTo(MAXIMUM_EVENT_AGE) > 0) {
                log.accept("[" + function + "] asynchronous event dropped: throttled until its maximum age of "
                        + MAXIMUM_EVENT_AGE);
                return;
            }
            schedule(() -> attempt(function, event, queuedAt, failures, throttles + 1), delay);
            return;
        } catch (RuntimeException broken) {
            log.accept("[" + function + "] asynchronous invocation could not run: " + broken);
            return;
        }
        if (!outcome.failed()) {
            return;
        }
        if (failures >= RETRIES) {
            log.accept("[" + function + "] asynchronous event dropped after " + (failures + 1) + " attempts: "
                    + outcome.payloadText());
            return;
        }
        log.accept("[" + function + "] asynchronous invocation failed (" + outcome.errorType() + "); retry "
                + (failures + 1) + " of " + RETRIES);
        schedule(
                () -> attempt(function, event, queuedAt, failures + 1, throttles),
                firstRetryDelay.multipliedBy(failures + 1L));
    }

    private void schedule(Runnable task, Duration delay) {
        if (!queue.isShutdown()) {
            queue.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        queue.shutdownNow();
    }
}
