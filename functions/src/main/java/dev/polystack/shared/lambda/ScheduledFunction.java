package dev.polystack.shared.lambda;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.polystack.shared.InvocationLine;

/**
 * Runs on an EventBridge schedule: the event only says that it is time, so the use case runs and its
 * figures are the answer. A failure fails the invocation (EventBridge's asynchronous invocation is retried).
 */
public abstract class ScheduledFunction<R> extends LambdaFunction<ScheduledEvent, R> {

    private final String schedule;

    protected ScheduledFunction(String schedule, Class<R> resultType) {
        super("schedule:" + schedule, ScheduledEvent.class, resultType);
        this.schedule = schedule;
    }

    /** The use case; its figures go on the line as fields or metrics. */
    protected abstract R run(InvocationLine line);

    @Override
    protected final R process(ScheduledEvent event, InvocationLine line) {
        line.correlate("eventId", event.getId());
        return run(line);
    }

    /**
     * Before a SnapStart snapshot, instead of {@link #run} (which writes): the run's first reads, nothing written,
     * and the result they give, with its figures on the line; null (the default) where the use case has no such part.
     */
    protected R rehearse(InvocationLine line) {
        return null;
    }

    @Override
    protected final boolean processesPrimingEvent() {
        return true;
    }

    @Override
    protected final R processPriming(ScheduledEvent event, InvocationLine line) {
        line.correlate("eventId", event.getId()).with("rehearsal", schedule);
        return rehearse(line);
    }

    /** Read before a SnapStart snapshot and processed by {@link #rehearse}, never by {@link #run}: a scheduled run does work. */
    @Override
    protected final String primingEvent() {
        return """
                {"version":"0","id":"priming","detail-type":"Scheduled Event","source":"aws.events","account":"000000000000",
                 "time":"1970-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":{}}
                """;
    }
}
