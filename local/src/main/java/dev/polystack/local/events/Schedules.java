package dev.polystack.local.events;

import dev.polystack.local.Threads;
import dev.polystack.local.lambda.FunctionInvoker;
import dev.polystack.local.lambda.Invocation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The template's EventBridge schedules, locally: each scheduled function gets the event EventBridge
 * sends (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html), from
 * a timer every {@code every} (local/start; the template's own rates are for AWS) and whenever
 * {@link #fire} is called, so a test runs the relay or the erasure pickup at the moment it means to
 * instead of waiting for a period to come round.
 */
public final class Schedules implements AutoCloseable {
    private final String region;
    private final FunctionInvoker functions;
    private final List<String> scheduled;
    private final ScheduledExecutorService timers;

    private Schedules(
            String region, FunctionInvoker functions, List<String> scheduled, ScheduledExecutorService timers) {
        this.region = region;
        this.functions = functions;
        this.scheduled = List.copyOf(scheduled);
        this.timers = timers;
    }

    /** {@code every} null: no timer, the schedules fire only on request. */
    public static Schedules start(String region, FunctionInvoker functions, List<String> scheduled, Duration every) {
        ScheduledExecutorService timers = every == null || scheduled.isEmpty()
                ? null
                : Executors.newScheduledThreadPool(scheduled.size(), Threads.daemon("schedules"));
        Schedules schedules = new Schedules(region, functions, scheduled, timers);
        if (timers != null) {
            for (String function : scheduled) {
                timers.scheduleWithFixedDelay(
                        () -> {
                            Invocation outcome = schedules.fire(function);
                            if (outcome.failed()) {
                                System.err.println(function + " failed: " + outcome.payloadText());
                            }
                        },
                        every.toMillis(),
                        every.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
        return schedules;
    }

    /** The functions with a schedule, in template order. */
    public List<String> functions() {
        return scheduled;
    }

    /** One scheduled event to {@code function} now; its outcome. */
    public Invocation fire(String function) {
        if (!scheduled.contains(function)) {
            throw new IllegalArgumentException(function + " has no schedule; scheduled: " + scheduled);
        }
        return functions.invoke(function, event(function), UUID.randomUUID().toString());
    }

    /** Every schedule once, one after another: each function's outcome. */
    public Map<String, Invocation> fireAll() {
        Map<String, Invocation> outcomes = new LinkedHashMap<>();
        scheduled.forEach(function -> outcomes.put(function, fire(function)));
        return outcomes;
    }

    private byte[] event(String function) {
        return ("{\"version\":\"0\",\"id\":\"" + UUID.randomUUID()
                        + "\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                        + "\"account\":\"000000000000\",\"time\":\""
                        + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        + "\",\"region\":\"" + region + "\",\"resources\":[\"arn:aws:events:" + region
                        + ":000000000000:rule/" + function
                        + "\"],\"detail\":{}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (timers != null) {
            timers.shutdownNow();
        }
    }
}
