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
}
