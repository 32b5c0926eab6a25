package dev.polystack.local.lambda;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import dev.polystack.local.StartupException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;

/**
 * A local Lambda service: every function of a SAM template runs in JVMs of its own through AWS's
 * Runtime Interface Client, created from the template's handler, memory, timeout and variables.
 * An environment starts on the first invocation (a cold start), is reused while warm and runs one
 * invocation at a time; concurrent invocations start more, as Lambda scales out. Every invocation
 * logs Lambda's REPORT line.
 *
 * <p>Concurrency as Lambda counts it (https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html):
 * a function with {@code ReservedConcurrentExecutions} in the template never runs more invocations at
 * once than that, and one more is throttled ({@link ThrottledException}); all functions together run
 * at most {@link Config#concurrency()} at once, the account's concurrency (1,000 by default on AWS; here
 * what the machine can hold, {@link #DEFAULT_CONCURRENCY}), and one more waits for a free slot instead of
 * being throttled, since that limit is the laptop's, not the application's.
 *
 * <p>The JVM is started as Lambda's java21 runtime starts it: C1 only, serial GC, the heap from the
 * memory setting, CDS on, and {@code org.crac} resolved to the client's own CRaC implementation.
 */
public final class LambdaRuntime implements FunctionInvoker {
    /** Ten function JVMs of 100–250 MB each fit a laptop; {@code POLYSTACK_LAMBDA_CONCURRENCY} or {@code --concurrency} changes it. */
    public static final int DEFAULT_CONCURRENCY = 10;

    public static final String CONCURRENCY_VARIABLE = "POLYSTACK_LAMBDA_CONCURRENCY";

    /**
     * What the local stack passes to every function besides the template's variables.
     *
     * @param concurrency  the account's concurrency: the most invocations of all functions in flight at once (more wait)
     * @param jvmOptions   extra flags for every function JVM, after Lambda's own, as {@code JAVA_TOOL_OPTIONS}
     *                     adds them on Lambda (for example {@code -Xlog:class+load} for a benchmark); default none
     * @param logDirectory where each function's log goes, one {@code <Function>.log} each, as CloudWatch Logs keeps a
     *                     log group ({@code local/logs} reads it); null for none
     * @param classDataDirectory where the function JVMs' class-data archive is kept ({@link ClassDataArchive}); null
     *                     for none, as on Lambda
     */
    public record Config(
            Map<String, String> stackValues,
            Map<String, String> wiring,
            int concurrency,
            boolean snapStart,
            Consumer<String> log,
            List<String> jvmOptions,
            Path logDirectory,
            Path classDataDirectory) {
        public Config {
            jvmOptions = List.copyOf(jvmOptions);
            if (concurrency < 1) {
                throw new IllegalArgumentException("the concurrency must be at least 1, not " + concurrency);
            }
        }

        public Config(
                Map<String, String> stackValues,
                Map<String, String> wiring,
                int concurrency,
                boolean snapStart,
                Consumer<String> log) {
            this(stackValues, wiring, concurrency, snapStart, log, List.of(), null, null);
        }

        public Config withSnapStart(boolean on) {
            return new Config(stackValues, wiring, concurrency, on, log, jvmOptions, logDirectory, classDataDirectory);
        }

        public Config withJvmOptions(List<String> options) {
            return new Config(
                    stackValues, wiring, concurrency, snapStart, log, options, logDirectory, classDataDirectory);
        }

        public Config withConcurrency(int limit) {
            return new Config(stackValues, wiring, limit, snapStart, log, jvmOptions, logDirectory, classDataDirectory);
        }

        public Config withLogDirectory(Path directory) {
            return new Config(
                    stackValues, wiring, concurrency, snapStart, log, jvmOptions, directory, classDataDirectory);
        }

        /** Function JVMs map a class-data archive kept in {@code directory}; null for none. */
        public Config withClassDataDirectory(Path directory) {
            return new Config(stackValues, wiring, concurrency, snapStart, log, jvmOptions, logDirectory, directory);
        }
    }

    /** {@code POLYSTACK_LAMBDA_CONCURRENCY} if set, else {@link #DEFAULT_CONCURRENCY}. */
    public static int defaultConcurrency() {
        String value = System.getenv(CONCURRENCY_VARIABLE);
        if (value == null || value.isBlank()) {
            return DEFAULT_CONCURRENCY;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new StartupException(CONCURRENCY_VARIABLE + " must be a whole number of at least 1, not " + value);
    }

    /** The Runtime Interface Client loads its JNI library from this path when the property is set. */
    static final String NATIVE_CLIENT_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private final SamTemplate template;
    private final Config config;
    private final Path taskRoot;
    private final Path nativeClient;
    private final ReservedConcurrency reserved;
    private final Semaphore account;
    private final FunctionLogFiles logFiles;
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    private volatile ClassDataArchive classData;
    /** Dumps under way (a function JVM writing the archive): {@link #close()} lets them finish first. */
    private final List<Thread> dumps = new java.util.concurrent.CopyOnWriteArrayList<>();

    private volatile boolean closed;

    public LambdaRuntime(SamTemplate template, Config config) {
        this.template = template;
        this.config = config;
        this.reserved = ReservedConcurrency.of(template);
        this.account = new Semaphore(config.concurrency(), true);
        this.logFiles = config.logDirectory() == null ? null : new FunctionLogFiles(config.logDirectory());
        this.taskRoot = taskRoot(template);
        this.nativeClient = unpackNativeClient(taskRoot.getParent().resolve(taskRoot.getFileName() + "-jni.so"));
        this.classData = classDataArchive();
    }

    /** The archive for the code as it is now: its key changes when the code is rebuilt. */
    private ClassDataArchive classDataArchive() {
        if (config.classDataDirectory() == null) {
            return null;
        }
        List<Path> code = template.functions().values().stream()
                .map(FunctionDefinition::code)
                .distinct()
                .toList();
        return ClassDataArchive.in(
                config.classDataDirectory(),
                String.join(java.io.File.pathSeparator, runtimeClasspath()),
                code,
                line -> config.log().accept("[runtime] " + line));
    }

    /** The class-data archive function JVMs use now; null when off. */
    public ClassDataArchive classData() {
        return classData;
    }

    public SamTemplate template() {
        return template;
    }

    public Config config() {
        return config;
    }

    /** The function's reserved concurrency, if the template gives it one. */
    public OptionalInt reservedConcurrency(String function) {
        return reserved.of(function);
    }

    /** @throws ThrottledException when the function already runs as many invocations as its reserved concurrency */
    @Override
    public Invocation invoke(String function, byte[] event, String requestId) {
        return invoke(function, event, requestId, null);
    }

    /**
     * As {@link #invoke(String, byte[], String)}, and every line of this invocation's log, as Lambda's
     * {@code LogType: Tail} returns it ({@code START}, the function's lines, {@code END}, {@code REPORT}), to {@code tail}.
     */
    public Invocation invoke(String function, byte[] event, String requestId, Consumer<String> tail) {
        return admitted(function, pool -> {
            double[] timedOutInit = {-1};
            Invocation invocation = inEnvironment(function, pool, false, env -> {
                log(function, "START RequestId: " + requestId + " Version: $LATEST", tail);
                Invocation first = env.invoke(requestId, event, tail);
                // On demand only: a SnapStart init runs at publish, with its own limit, and is not retried here.
                if (!config.snapStart() && ExecutionEnvironment.INIT_TIMEOUT.equals(first.errorType())) {
                    timedOutInit[0] = env.initMillisSoFar();
                }
                return first;
            });
            if (timedOutInit[0] >= 0) {
                // An on-demand init past its 10 s: Lambda retries the init "at the time of the first function
                // invocation with the configured function timeout"
                // (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html), in a fresh
                // environment here, within the same admission (the retry is not throttled by the slot it freed).
                console(
                        function,
                        String.format(
                                java.util.Locale.ROOT,
                                "INIT_REPORT Init Duration: %.2f ms\tPhase: init\tStatus: timeout",
                                timedOutInit[0]),
                        tail);
                invocation = inEnvironment(function, pool, true, env -> env.invoke(requestId, event, tail));
            }
            log(function, "END RequestId: " + requestId, tail);
            console(function, invocation.report().line(requestId), tail);
            return invocation;
        });
    }

    /** A line the console shows too (REPORT, INIT_REPORT), besides the function's log and a tail. */
    private void console(String function, String line, Consumer<String> tail) {
        config.log().accept("[" + function + "] " + line);
        log(function, line, tail);
    }

    /**
     * START and END go to the function's log (its file and a tail), not the console, which shows the REPORT and
     * INIT_REPORT lines alone.
     */
    private void log(String function, String line, Consumer<String> tail) {
        if (tail != null) {
            tail.accept(line);
        }
        if (logFiles != null) {
            logFiles.append(function, line);
        }
    }

    /**
     * {@code use} with a warm environment of {@code function}, or a new one if none is idle; then back to
     * the pool. Past the function's reserved concurrency it throws; past the account's it waits.
     */
    private <T> T withEnvironment(String function, Function<ExecutionEnvironment, T> use) {
        return admitted(function, pool -> inEnvironment(function, pool, false, use));
    }

    /**
     * {@code body} as one invocation counted in: past the function's reserved concurrency it throws; past the
     * account's it waits.
     */
    private <T> T admitted(String function, Function<Pool, T> body) {
        OptionalInt reservation = reserved.of(function);
        Pool pool = pools.computeIfAbsent(
                function, name -> new Pool(Math.min(config.concurrency(), reservation.orElse(Integer.MAX_VALUE))));
        pool.admit(function, reservation);
        try {
            account.acquireUninterruptibly();
            try {
                return body.apply(pool);
            } finally {
                account.release();
            }
        } finally {
            pool.leave();
        }
    }

    /** {@code use} with a warm environment of the pool, or a new one (a retried init's, if so) if none is idle. */
    private <T> T inEnvironment(
            String function, Pool pool, boolean retriedInit, Function<ExecutionEnvironment, T> use) {
        FunctionDefinition definition = template.function(function);
        ExecutionEnvironment env = pool.acquire();
        ClassDataArchive dumpAfterwards = null;
        try {
            if (env == null) {
                ClassDataArchive archive = classData;
                ClassDataArchive.Start start = classDataStart(archive, definition);
                env = startEnvironment(definition, start == null ? List.of() : start.flags(), retriedInit);
                pool.started(env);
                if (start != null && start.role() == ClassDataArchive.Role.DUMP) {
                    dumpAfterwards = archive;
                }
            }
            return use.apply(env);
        } finally {
            pool.release(env);
            if (dumpAfterwards != null) {
                dump(dumpAfterwards, env);
            }
        }
    }

    /**
     * What publishing a version does under SnapStart: one environment of {@code function} runs its init
     * and its {@code beforeCheckpoint} hooks up to the snapshot point and waits there for the next
     * invocation (the local runtime keeps the process instead of a snapshot). False if its init failed.
     * An idle environment already there counts as published.
     */
    public boolean publish(String function) {
        if (!config.snapStart()) {
            throw new IllegalStateException("publish is SnapStart's step; this runtime starts environments on demand");
        }
        return withEnvironment(function, ExecutionEnvironment::awaitSnapshotPoint);
    }

    /**
     * New code: idle environments stop now and busy ones once their invocation ends, so the next
     * invocation of every function starts an environment from the code as it is now (as Lambda does
     * after an update of the function's code).
     */
    public void retire() {
        classData = classDataArchive();
        pools.values().forEach(Pool::retire);
    }

    /** How many environments of the function have been started so far (for tests and benchmarks of scaling out). */
    public int environmentsStarted(String function) {
        Pool pool = pools.get(function);
        return pool == null ? 0 : pool.startedCount();
    }

    /** The function's live processes, for tests that crash one. */
    public List<ProcessHandle> processes(String function) {
        Pool pool = pools.get(function);
        return pool == null ? List.of() : pool.processes();
    }

    /**
     * How a new JVM of {@code function} starts with the archive: it maps it when there is one; otherwise the first
     * JVM of a function with an HTTP route writes it. Those are most of the functions and most of the starts, and
     * their JVMs load what most starts need (the store clients they use, the gateway's event types). A stack runs
     * its custom resource ({@code Migrate}) first, whose JVM loads only the Data API client: an archive written there
     * left about 40 % of the other functions' classes out (docs/testing-speed.md).
     */
    ClassDataArchive.Start classDataStart(ClassDataArchive archive, FunctionDefinition function) {
        if (archive == null) {
            return null;
        }
        return archive.next(!closed && function.hasHttpRoute());
    }

    /**
     * The environment that claimed the archive has answered its first invocation: its JVM writes the
     * archive now, while it keeps running ({@code jcmd VM.cds dynamic_dump}), in the background. The
     * environment stays in its pool and serves as before; the next starts of every function map it.
     */
    private void dump(ClassDataArchive archive, ExecutionEnvironment env) {
        long pid = env.pid();
        Thread dump = new Thread(() -> archive.dumpFrom(pid), "appcds-dump");
        dump.setDaemon(true);
        dumps.add(dump);
        dump.start();
    }

    private ExecutionEnvironment startEnvironment(
            FunctionDefinition function, List<String> classDataFlags, boolean retriedInit) {
        if (closed) {
            throw new IllegalStateException("the local Lambda runtime is stopped");
        }
        try {
            return ExecutionEnvironment.start(
                    function,
                    arn(function),
                    command(function, classDataFlags),
                    environment(function),
                    taskRoot,
                    config.snapStart(),
                    retriedInit,
                    line -> {
                        config.log().accept("[" + function.name() + "] " + line);
                        if (logFiles != null) {
                            logFiles.append(function.name(), line);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + function.name(), e);
        }
    }

    List<String> command(FunctionDefinition function) {
        return command(function, List.of());
    }

    List<String> command(FunctionDefinition function, List<String> classDataFlags) {
        long heapKb = function.memoryMb() * 1024L * 85 / 100;
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:MaxHeapSize=" + heapKb + "k",
                "-XX:+UseSerialGC",
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Djava.net.preferIPv4Stack=true",
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
                "-D" + NATIVE_CLIENT_PROPERTY + "=" + nativeClient));
        command.addAll(classDataFlags);
        command.addAll(config.jvmOptions());
        command.addAll(List.of(
                "-cp",
                String.join(java.io.File.pathSeparator, runtimeClasspath()),
                AWSLambda.class.getName(),
                function.handler()));
        return command;
    }

    /** The environment Lambda gives a function, the template's variables with the stack's values, and the local wiring. */
    Map<String, String> environment(FunctionDefinition function) {
        Map<String, String> env = new LinkedHashMap<>();
        String region = config.stackValues().getOrDefault("AWS_REGION", "us-east-1");
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName(function));
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", config.snapStart() ? "snap-start" : "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName(function));
        env.put(
                "AWS_LAMBDA_LOG_STREAM_NAME",
                LocalDate.now(ZoneOffset.UTC).toString().replace('-', '/') + "/[$LATEST]"
                        + UUID.randomUUID().toString().replace("-", ""));
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("_HANDLER", function.handler());
        function.environment()
                .forEach((name, templateText) ->
                        env.put(name, config.stackValues().getOrDefault(name, templateText)));
        env.putAll(config.wiring());
        return env;
    }

    private static String functionName(FunctionDefinition function) {
        return "polystack-local-" + function.name();
    }

    private static String arn(FunctionDefinition function) {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName(function);
    }

    /** The runtime's own jars, as Lambda puts them beside the customer's code (which the client loads from the task root). */
    private static List<String> runtimeClasspath() {
        return Stream.of(
                        AWSLambda.class,
                        com.amazonaws.services.lambda.runtime.LambdaRuntime.class,
                        PojoSerializer.class,
                        SdkInternalThreadLocal.class)
                .map(LambdaRuntime::jarOf)
                .distinct()
                .toList();
    }

    private static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Without the property, the client copies its JNI library to {@code /tmp/.libaws-lambda-jni.so} at every start:
     * alone in its sandbox on Lambda, but here processes starting together rewrite the file while another maps it,
     * and that one dies of SIGBUS during init. So the runtime unpacks it once, and every process loads that copy.
     */
    private static Path unpackNativeClient(Path target) {
        String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "aarch_64" : "x86_64";
        boolean musl =
                Files.exists(Path.of("/lib/ld-musl-" + (arch.equals("aarch_64") ? "aarch64" : "x86_64") + ".so.1"));
        String library = "/jni/libaws-lambda-jni.linux" + (musl ? "_musl-" : "-") + arch + ".so";
        try (var in = AWSLambda.class.getResourceAsStream(library)) {
            if (in == null) {
                throw new IllegalStateException("the Runtime Interface Client has no " + library);
            }
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            target.toFile().deleteOnExit();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lambda unpacks the code into {@code /var/task}; a jar in its {@code lib/} is what the client loads. */
    private static Path taskRoot(SamTemplate template) {
        List<Path> artifacts = template.functions().values().stream()
                .map(FunctionDefinition::code)
                .distinct()
                .toList();
        try {
            Path root = Files.createTempDirectory("polystack-task");
            Files.createDirectories(root.resolve("lib"));
            for (Path artifact : artifacts) {
                if (!Files.isRegularFile(artifact)) {
                    throw new StartupException("the functions' code " + artifact + " (CodeUri in "
                            + template.file().getFileName()
                            + ") does not exist: build it with mvn -pl functions package");
                }
                Files.createSymbolicLink(
                        root.resolve("lib").resolve(artifact.getFileName()), artifact.toAbsolutePath());
            }
            root.toFile().deleteOnExit();
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread dump : dumps) {
            try {
                dump.join(ClassDataArchive.DUMP_GRACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Every environment is asked to stop first, then each is waited for: their JVMs exit side by side.
        pools.values().forEach(Pool::beginClose);
        pools.values().forEach(Pool::close);
        if (logFiles != null) {
            logFiles.close();
        }
        try (Stream<Path> files = Files.walk(taskRoot)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder
        }
        nativeClient.toFile().delete();
    }

    /** The environments of one function: idle ones are reused, busy ones are never shared. */
    private static final class Pool {
        private final int max;
        private final Deque<ExecutionEnvironment> idle = new ArrayDeque<>();
        private final List<ExecutionEnvironment> all = new ArrayList<>();
        private final Set<ExecutionEnvironment> retiring = new HashSet<>();
        private int starting;
        private int inFlight;
        private int startedCount;

        Pool(int max) {
            this.max = max;
        }

        /** Counts an invocation in, or throttles it when the function's reservation is used up. */
        synchronized void admit(String function, OptionalInt reservation) {
            if (reservation.isPresent() && inFlight >= reservation.getAsInt()) {
                throw new ThrottledException(function, ThrottledException.RESERVED);
            }
            inFlight++;
        }

        synchronized void leave() {
            inFlight--;
        }

        /** A warm environment, or null when the caller should start one (then {@link #started}). */
        synchronized ExecutionEnvironment acquire() {
            while (true) {
                all.removeIf(env -> !env.alive());
                while (!idle.isEmpty()) {
                    ExecutionEnvironment env = idle.pop();
                    if (env.alive()) {
                        return env;
                    }
                }
                if (all.size() + starting < max) {
                    starting++;
                    return null;
                }
                try {
                    wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }

        synchronized void started(ExecutionEnvironment env) {
            starting--;
            startedCount++;
            all.add(env);
        }

        synchronized int startedCount() {
            return startedCount;
        }

        /** Back to the pool after an invocation; null when starting one failed. A retired one stops instead. */
        void release(ExecutionEnvironment env) {
            boolean stop;
            synchronized (this) {
                stop = env != null && retiring.remove(env);
                if (env == null) {
                    starting--;
                } else if (env.alive() && !stop) {
                    idle.push(env);
                } else {
                    all.remove(env);
                }
                notifyAll();
            }
            if (stop) {
                env.close();
            }
        }

        void retire() {
            List<ExecutionEnvironment> stopNow;
            synchronized (this) {
                stopNow = List.copyOf(idle);
                idle.clear();
                all.removeAll(stopNow);
                retiring.addAll(all);
                notifyAll();
            }
            stopNow.forEach(ExecutionEnvironment::close);
        }

        synchronized List<ProcessHandle> processes() {
            return all.stream()
                    .filter(ExecutionEnvironment::alive)
                    .map(env -> ProcessHandle.of(env.pid()).orElse(null))
                    .filter(java.util.Objects::nonNull)
                    .toList();
        }

        synchronized void beginClose() {
            all.forEach(ExecutionEnvironment::beginClose);
        }

        synchronized void close() {
            all.forEach(ExecutionEnvironment::close);
            all.clear();
            idle.clear();
        }
    }
}
