package dev.polystack.shared.lambda;

/**
 * How an invocation's execution environment began, for its log line: {@code coldStart} when the
 * invocation waited for the environment's init, {@code restored} when the environment was resumed from
 * a SnapStart snapshot (its init ran when the version was published, before any invocation).
 */
record Start(boolean coldStart, boolean restored) {
    /** Lambda's {@code AWS_LAMBDA_INITIALIZATION_TYPE}: {@code on-demand}, {@code provisioned-concurrency} or {@code snap-start}. */
    static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";

    static Start of(String initializationType, boolean firstInvocation) {
        if (!firstInvocation) {
            return new Start(false, false);
        }
        return switch (initializationType == null ? "" : initializationType) {
            case "snap-start" -> new Start(false, true);
            // Provisioned concurrency runs init ahead of demand, off any invocation's path.
            case "provisioned-concurrency" -> new Start(false, false);
            // on-demand, or off Lambda (tests, the in-process local stack): the first invocation waited for init.
            default -> new Start(true, false);
        };
    }
}
