package dev.polystack.local;

import java.util.Map;

/**
 * One process-mode stack for the whole test JVM (every function in its own Runtime Interface Client
 * process, DynamoDB behind a {@link StallingProxy}), started on first use and stopped when the JVM
 * exits: a function's environment started by one suite stays warm for the next, as on Lambda, so the
 * suite pays for each function's cold start once. Use it unless a suite needs a template or
 * variables of its own; never close it. Its schedules fire only when a suite fires them
 * ({@link ProcessStack#eventuallyWithSchedules}), and a suite that arms a stall or a failure on
 * {@link ProcessStack#dynamo} or the Data API clears it after each test.
 *
 * <p>Per-address limits are high enough for every suite. {@code OUTBOX_GRACE} is 1 s (the relay projects a commit whose function died a second later) and
 * {@code ERASURE_GRACE} 2 s (an accepted erasure is finished by the first pickup 2 s after it).
 */
public final class SharedProcessStack {
    static final Map<String, String> VARIABLES = Map.of(
            "OUTBOX_GRACE",
            "PT1S",
            "ERASURE_GRACE",
            "PT2S",
            // Every suite signs up from 127.0.0.1 (LimitsIT tests the limits on a stack of its own): with the suites
            // that joined this stack, the default per-address budget ran out before ProcessRuntimeIT's sign-ups.
            "SIGNUPS_PER_IP",
            "100000",
            "LOGIN_FAILING_ACCOUNTS_PER_IP",
            "10000");
    private static ProcessStack stack;

    private SharedProcessStack() {}

    public static synchronized ProcessStack get() {
        if (stack == null) {
            try {
                stack = ProcessStack.start("process-shared", null, null, VARIABLES);
            } catch (Exception e) {
                throw new IllegalStateException("the shared process stack did not start", e);
            }
            ProcessStack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-shared-process-stack"));
        }
        return stack;
    }
}
