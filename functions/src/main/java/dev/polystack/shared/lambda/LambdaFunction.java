package dev.polystack.shared.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.polystack.shared.InvocationLine;
import dev.polystack.shared.Priming;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every function does around its use case, whatever triggers it: decode the event into its
 * {@code aws-lambda-java-events} type, process it, encode the result, and write one log line for the
 * invocation (Lambda's request id, how the environment started, the kind's correlation ids, every store
 * call). One subclass per kind of trigger ({@code HttpFunction}, {@link AuthorizerFunction},
 * {@link ObjectCreatedFunction}, {@link ScheduledFunction}, {@link CustomResourceFunction}) decides
 * what a failure means for its caller; a failure it does not answer fails the invocation, logged once.
 *
 * <p>Events are read and results written by the kind's {@link EventCodec}: for API Gateway's events
 * the project's own Jackson ({@link ApiGatewayJson}), for the others the Lambda runtime's own
 * serialization ({@code aws-lambda-java-serialization}, which the runtime would use for a typed
 * handler), so the same code reads them from Lambda, from the local runtime and from {@code events/}
 * in tests. Stream handlers rather than typed ones: an unreadable event stays in the function's hands.
 *
 * <p>Under SnapStart the function primes itself before the snapshot ({@link SnapStartHooks}): it reads
 * its kind's {@link #primingEvent() synthetic event} and, where the kind says that is safe, processes it
 * and writes the result, without spending the first-invocation flag.
 */
public abstract class LambdaFunction<E, R> implements RequestStreamHandler {
    private static final String INITIALIZATION_TYPE = System.getenv(Start.INITIALIZATION_TYPE);
    /** Joda-Time's setting for where zones come from (Joda is how the events library types S3 and schedule timestamps). */
    static final String JODA_ZONE_PROVIDER = "org.joda.time.DateTimeZone.Provider";

    static {
        // Every timestamp in the events these functions read is UTC ("…Z"). Joda's UTC-only provider spares the
        // deployed jar Joda's zone database (excluded in functions/pom.xml) and Joda the work of loading it.
        if (System.getProperty(JODA_ZONE_PROVIDER) == null) {
            System.setProperty(JODA_ZONE_PROVIDER, "org.joda.time.tz.UTCProvider");
        }
    }

    private final String trigger;
    private final Class<E> eventType;
    private final EventCodec<E, R> codec;
    /** Per handler: Lambda builds one per environment; a priming hook must call the use case, not this, or it spends the flag. */
    private final AtomicBoolean firstInvocation = new AtomicBoolean(true);
    /** Held here because the CRaC context holds its resources weakly; null unless initialised for a snapshot. */
    @SuppressWarnings("unused")
    private final SnapStartHooks snapStart;

    /** {@code trigger}: what invokes the function, for its log line (null for routes, whose line names the route). */
    protected LambdaFunction(String trigger, Class<E> eventType, Class<R> resultType) {
        // The handler's loader: the one that sees the events library (the serializer itself may come from the
        // runtime's).
        this(
                trigger,
                eventType,
                EventCodec.runtimeSerialization(eventType, resultType, LambdaFunction.class.getClassLoader()));
    }

    /** With the kind's own way of reading its events and writing its results. */
    protected LambdaFunction(String trigger, Class<E> eventType, EventCodec<E, R> codec) {
        this.trigger = trigger;
        this.eventType = eventType;
        this.codec = codec;
        this.snapStart = Priming.enabled() ? SnapStartHooks.register(this) : null;
    }

    /**
     * A synthetic event of this function's kind (JSON, as Lambda would send it) that the function reads
     * before a SnapStart snapshot, or null for none. It must be safe to {@link #processesPrimingEvent()
     * process}: no write to any store may follow from it.
     */
    protected String primingEvent() {
        return null;
    }

    /** Whether the priming event goes through {@link #process} too, not only through the event reader. */
    protected boolean processesPrimingEvent() {
        return false;
    }

    /**
     * How the priming event is processed when {@link #processesPrimingEvent()}: through {@link #process} unless the
     * kind has a part of its work that writes nothing; null for no result to write.
     */
    protected R processPriming(E event, InvocationLine line) {
        return process(event, line);
    }

    /** Before a snapshot: the function's own path on its synthetic event, its log line marked {@code priming}. */
    final void prime() {
        // handleRequest's own first step, without spending the flag: loads what it builds for the log line.
        Start.of(INITIALIZATION_TYPE, false);
        String json = primingEvent();
        if (json == null) {
            return;
        }
        E event = codec.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        if (processesPrimingEvent()) {
            InvocationLine line = InvocationLine.start(null, false, false).with("priming", true);
            R result = processPriming(event, line);
            line.write();
            if (result != null) {
                codec.write(result, OutputStream.nullOutputStream());
            }
        }
    }

    /** The kind's work: its correlation ids and fields on the line, the use case, the result. */
    protected abstract R process(E event, InvocationLine line);

    /** An event this function cannot read. Unless the kind answers it, the invocation fails. */
    protected R unreadable(UnreadableEvent error, InvocationLine line) {
        throw error;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) {
        Start start = Start.of(INITIALIZATION_TYPE, firstInvocation.getAndSet(false));
        InvocationLine line = InvocationLine.start(
                context == null ? null : context.getAwsRequestId(), start.coldStart(), start.restored());
        if (trigger != null) {
            line.with("trigger", trigger);
        }
        R result;
        try {
            result = decodeAndProcess(input, line);
        } catch (RuntimeException e) {
            line.failed(e).write();
            throw e;
        }
        line.write();
        codec.write(result, output);
    }

    private R decodeAndProcess(InputStream input, InvocationLine line) {
        E event;
        try {
            event = codec.read(input);
        } catch (RuntimeException malformed) {
            return unreadable(new UnreadableEvent(eventType, malformed), line);
        }
        return event == null ? unreadable(new UnreadableEvent(eventType, null), line) : process(event, line);
    }
}
