package dev.polystack.shared.lambda;

import dev.polystack.shared.Priming;

/** Runs a handler's own SnapStart priming path in this JVM, as its {@code beforeCheckpoint} hook runs it in a function process. */
public final class HandlerPriming {
    private HandlerPriming() {}

    /** {@code ok}, or what the priming path threw; {@code not a LambdaFunction} for a handler outside this project's bases. */
    public static String prime(Object handler) {
        if (!(handler instanceof LambdaFunction<?, ?> function)) {
            return "not a LambdaFunction: " + handler.getClass().getName();
        }
        return Priming.attempt(function::prime);
    }

    /** What the handler answers its own priming event (processed as an invocation), or null where it has none. */
    public static String primingResponse(Object handler) {
        LambdaFunction<?, ?> function = (LambdaFunction<?, ?>) handler;
        String event = function.primingEvent();
        if (event == null) {
            return null;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        function.handleRequest(
                new java.io.ByteArrayInputStream(event.getBytes(java.nio.charset.StandardCharsets.UTF_8)), out, null);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
