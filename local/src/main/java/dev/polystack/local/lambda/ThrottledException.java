package dev.polystack.local.lambda;

/**
 * Lambda refused to run an invocation: the function already runs as many as its reserved
 * concurrency allows. The Invoke API answers it with 429 {@code TooManyRequestsException}; an API
 * Gateway integration with an error.
 */
public final class ThrottledException extends RuntimeException {
    public static final String RESERVED = "ReservedFunctionConcurrentInvocationLimitExceeded";

    private final String function;
    private final String reason;

    public ThrottledException(String function, String reason) {
        super("Rate Exceeded.");
        this.function = function;
        this.reason = reason;
    }

    public String function() {
        return function;
    }

    /** One of the Invoke API's {@code ThrottleReason}s. */
    public String reason() {
        return reason;
    }
}
