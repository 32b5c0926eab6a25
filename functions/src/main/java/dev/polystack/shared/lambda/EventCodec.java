package dev.polystack.shared.lambda;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads a function's event into its {@code aws-lambda-java-events} type and writes its result. A
 * reader throws a {@link RuntimeException} for JSON it cannot read (the function then answers it as
 * unreadable) and returns null for a JSON {@code null}.
 */
public interface EventCodec<E, R> {
    E read(InputStream json);

    void write(R result, OutputStream json);

    /**
     * The Lambda runtime's own serialization ({@code aws-lambda-java-serialization}, what the runtime uses
     * for a typed handler): complete for every event type, but it brings its own Jackson, about 770
     * classes more at a cold start than a function that reads its events with {@link ApiGatewayJson}.
     */
    static <E, R> EventCodec<E, R> runtimeSerialization(Class<E> eventType, Class<R> resultType, ClassLoader loader) {
        PojoSerializer<E> events;
        PojoSerializer<R> results;
        // serializerFor registers modules on one shared mapper: one handler at a time (the in-process local stack
        // builds several).
        synchronized (EventCodec.class) {
            events = LambdaEventSerializers.serializerFor(eventType, loader);
            results = LambdaEventSerializers.serializerFor(resultType, loader);
        }
        return new EventCodec<>() {
            @Override
            public E read(InputStream json) {
                return events.fromJson(json);
            }

            @Override
            public void write(R result, OutputStream json) {
                results.toJson(result, json);
            }
        };
    }
}
