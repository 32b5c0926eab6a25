package dev.polystack.local.lambda;

import java.nio.file.Path;

/**
 * How the local Lambda service runs, as {@code local/start}'s flags set it: the Invoke API's port
 * ({@code --lambda-port}; 0 for any free one, and {@link #API_PORT_PLUS_ONE} for the gateway's port
 * plus one, as {@code sam local start-api} and {@code start-lambda} default to 3000 and 3001, falling
 * back to any free port when that one is taken), the account's concurrency ({@code --concurrency}),
 * SnapStart ({@code --snapstart}) and where each function's log is kept (for {@code local/logs}).
 */
public record LambdaSettings(int invokePort, int concurrency, boolean snapStart, Path logDirectory) {
    public static final int API_PORT_PLUS_ONE = -1;

    /** Tests: any free port, the default concurrency, on-demand environments, no log files. */
    public static LambdaSettings forTests() {
        return new LambdaSettings(0, LambdaRuntime.defaultConcurrency(), false, null);
    }

    public LambdaRuntime.Config apply(LambdaRuntime.Config config) {
        return config.withConcurrency(concurrency)
                .withSnapStart(snapStart)
                .withLogDirectory(logDirectory)
                .withClassDataDirectory(ClassDataArchive.defaultDirectory());
    }
}
