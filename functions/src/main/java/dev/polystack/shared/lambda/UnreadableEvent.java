package dev.polystack.shared.lambda;

/** The invocation's payload is not the event its function takes (malformed JSON, another shape, nothing). */
public final class UnreadableEvent extends RuntimeException {
    UnreadableEvent(Class<?> eventType, Throwable cause) {
        super("the event is not " + eventType.getSimpleName() + " JSON", cause);
    }
}
