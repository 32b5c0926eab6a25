package dev.polystack.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * How a {@link LocalBackend} starts: gateway port (0 for any), optional data directory, optional
 * external PostgreSQL, optionally an external AWS emulator (LocalStack, Floci) for DynamoDB and S3
 * instead of DynamoDB Local and S3Proxy (Aurora always goes through this project's Data API emulator),
 * how functions run, the template they come from (null: the project's {@code template.yaml}),
 * variables the stack adds for every function, where function processes' output goes, and extra JVM
 * flags for function processes (a shared class-data archive, for example).
 *
 * <p>Start from {@link #forCommandLine} or {@link #forTests} and change what differs with {@link #toBuilder()}
 * (or one of the {@code with…} shortcuts).
 *
 * @param relayEvery how often the template's schedules fire on their own (null: never; {@link LocalBackend#schedules()}
 *                   fires them on request either way)
 * @param edgePort where the local edge cache (CloudFront's part: {@code dev.polystack.local.edge}) listens in front
 *                 of the gateway (null: no edge; 0: any free port)
 * @param pointInTimeRecovery the throwaway PostgreSQL archives its WAL, so {@code dev.polystack.local.recovery.LocalRestore}
 *                            can restore it to a moment (off by default: only the recovery drill needs it)
 * @param testPasswordHashes the stack's own context (its in-process functions, and whatever a test calls through
 *                           {@link LocalBackend#app()}) hashes new passwords at Argon2id's test cost
 *                           ({@code Argon2PasswordHasher.Cost.TESTS}) instead of OWASP's; only {@link #forTests()}
 *                           sets it. Function processes (local/start, process-mode stacks) always hash as deployed
 *                           functions do, and every hash is verified with the parameters it carries.
 */
public record StackOptions(
        int port,
        Path dataDir,
        String databaseUrl,
        List<ExecutionInterceptor> interceptors,
        Duration relayEvery,
        URI awsEndpoint,
        FunctionMode functions,
        Path template,
        Map<String, String> functionVariables,
        Consumer<String> functionLog,
        List<String> functionJvmOptions,
        Integer edgePort,
        boolean pointInTimeRecovery,
        boolean testPasswordHashes) {

    /** How functions run: each in its own JVM through the Runtime Interface Client (as on Lambda), or as method calls. */
    public enum FunctionMode {
        PROCESS,
        IN_PROCESS
    }

    public StackOptions {
        interceptors = List.copyOf(interceptors);
        functionVariables = Map.copyOf(functionVariables);
        functionJvmOptions = List.copyOf(functionJvmOptions);
    }

    /** local/start: functions as processes; the relay every 5 s (its template schedule is for AWS). */
    public static StackOptions forCommandLine(int port, Path dataDir, URI awsEndpoint) {
        return builder()
                .port(port)
                .dataDir(dataDir)
                .awsEndpoint(awsEndpoint)
                .relayEvery(Duration.ofSeconds(5))
                .functions(FunctionMode.PROCESS, null, System.out::println)
                .build();
    }

    /**
     * Tests run the schedules themselves ({@link LocalBackend#schedules()}), so nothing heals behind their back, and
     * in-process functions hash passwords at the test cost (a suite signs up and logs in over a thousand times).
     */
    public static StackOptions forTests() {
        return builder().testPasswordHashes(true).build();
    }

    /**
     * As {@link #forTests()}, but passwords hashed as deployed functions hash them: what a benchmark measures
     * (a login's latency and CPU) is the real cost.
     */
    public static StackOptions forBenchmarks() {
        return builder().build();
    }

    /** Any port, throwaway stores, functions in process, no schedule timers, {@code DATABASE_URL} if set. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.port = port;
        builder.dataDir = dataDir;
        builder.databaseUrl = databaseUrl;
        builder.interceptors = interceptors;
        builder.relayEvery = relayEvery;
        builder.awsEndpoint = awsEndpoint;
        builder.functions = functions;
        builder.template = template;
        builder.functionVariables = functionVariables;
        builder.functionLog = functionLog;
        builder.functionJvmOptions = functionJvmOptions;
        builder.edgePort = edgePort;
        builder.pointInTimeRecovery = pointInTimeRecovery;
        builder.testPasswordHashes = testPasswordHashes;
        return builder;
    }

    public StackOptions withPort(int newPort) {
        return toBuilder().port(newPort).build();
    }

    public StackOptions withDataDir(Path directory) {
        return toBuilder().dataDir(directory).build();
    }

    public StackOptions withDatabaseUrl(String url) {
        return toBuilder().databaseUrl(url).build();
    }

    public StackOptions withInterceptors(List<ExecutionInterceptor> extra) {
        return toBuilder().interceptors(extra).build();
    }

    public StackOptions withAwsEndpoint(URI endpoint) {
        return toBuilder().awsEndpoint(endpoint).build();
    }

    public StackOptions withFunctions(FunctionMode mode, Path templateFile, Consumer<String> log) {
        return toBuilder().functions(mode, templateFile, log).build();
    }

    public StackOptions withRelayEvery(Duration every) {
        return toBuilder().relayEvery(every).build();
    }

    public StackOptions withFunctionVariables(Map<String, String> variables) {
        return toBuilder().functionVariables(variables).build();
    }

    public StackOptions withEdgePort(Integer port) {
        return toBuilder().edgePort(port).build();
    }

    /** Collects the options; every setter returns the builder. */
    public static final class Builder {
        private int port;
        private Path dataDir;
        private String databaseUrl = System.getenv("DATABASE_URL");
        private List<ExecutionInterceptor> interceptors = List.of();
        private Duration relayEvery;
        private URI awsEndpoint;
        private FunctionMode functions = FunctionMode.IN_PROCESS;
        private Path template;
        private Map<String, String> functionVariables = Map.of();
        private Consumer<String> functionLog = line -> {};
        private List<String> functionJvmOptions = List.of();
        private Integer edgePort;
        private boolean pointInTimeRecovery;
        private boolean testPasswordHashes;

        private Builder() {}

        public Builder testPasswordHashes(boolean value) {
            testPasswordHashes = value;
            return this;
        }

        public Builder pointInTimeRecovery(boolean value) {
            pointInTimeRecovery = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder dataDir(Path value) {
            dataDir = value;
            return this;
        }

        public Builder databaseUrl(String value) {
            databaseUrl = value;
            return this;
        }

        public Builder interceptors(List<ExecutionInterceptor> value) {
            interceptors = value;
            return this;
        }

        public Builder relayEvery(Duration value) {
            relayEvery = value;
            return this;
        }

        public Builder awsEndpoint(URI value) {
            awsEndpoint = value;
            return this;
        }

        public Builder functions(FunctionMode mode, Path templateFile, Consumer<String> log) {
            functions = mode;
            template = templateFile;
            functionLog = log;
            return this;
        }

        public Builder functionVariables(Map<String, String> value) {
            functionVariables = value;
            return this;
        }

        public Builder functionJvmOptions(List<String> value) {
            functionJvmOptions = value;
            return this;
        }

        public Builder edgePort(Integer value) {
            edgePort = value;
            return this;
        }

        public StackOptions build() {
            return new StackOptions(
                    port,
                    dataDir,
                    databaseUrl,
                    interceptors,
                    relayEvery,
                    awsEndpoint,
                    functions,
                    template,
                    functionVariables,
                    functionLog,
                    functionJvmOptions,
                    edgePort,
                    pointInTimeRecovery,
                    testPasswordHashes);
        }
    }
}
