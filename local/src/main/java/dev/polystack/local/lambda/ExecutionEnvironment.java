package dev.polystack.local.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.polystack.local.LoopbackServers;
import dev.polystack.local.Threads;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One execution environment of a function: a JVM running AWS's Runtime Interface Client with the
 * function's handler, and the Lambda Runtime API it polls ({@code AWS_LAMBDA_RUNTIME_API}), served on
 * loopback for this environment alone. It runs one invocation at a time; a timeout, a crash or an
 * init error ends it, as Lambda resets the environment then.
 */
final class ExecutionEnvironment implements AutoCloseable {
    static final String API = "/2018-06-01/runtime";
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Lambda's on-demand init phase may take 10 s. On a machine so loaded that a JVM cannot start in
     * that time, {@code POLYSTACK_INIT_LIMIT_MS} raises it (the stack's own test suites do, for the stacks they start).
     */
    static final long INIT_LIMIT_MS = initLimit(System.getenv("POLYSTACK_INIT_LIMIT_MS"));

    static long initLimit(String override) {
        return override == null || !override.strip().matches("\\d{1,9}")
                ? 10_000
                : Math.max(10_000, Long.parseLong(override.strip()));
    }
    /**
     * A SnapStart function's init runs when a version is published, off any request: the 10 s limit does
     * not apply; Lambda allows 130 s or the function's timeout (at most 900 s), whichever is higher.
     */
    static final long SNAPSTART_INIT_LIMIT_MS = 130_000;

    /** What an on-demand init that passed its 10 s answers; the runtime then retries it ({@link LambdaRuntime}). */
    static final String INIT_TIMEOUT = "Runtime.InitTimeout";

    private final FunctionDefinition function;
    private final String arn;
    private final HttpServer server;
    private final ExecutorService serverThreads = Executors.newCachedThreadPool(Threads.daemon("runtime-api"));
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> restore = new CompletableFuture<>();
    private final boolean snapStart;
    /**
     * Lambda's retry of an init that passed its 10 s: it runs "at the time of the first function invocation with the
     * configured function timeout", so the init and the invocation share the function's timeout.
     */
    private final boolean retriedInit;

    private volatile byte[] initError;
    private volatile String initErrorType;
    private Process process;
    private long startedNanos;
    private volatile long readyNanos;
    private boolean cold = true;
    /** Where the current invocation's log lines also go (Lambda's {@code LogType: Tail}); null when nobody asked. */
    private volatile Consumer<String> tail;

    private volatile long lastOutputNanos;

    private record Pending(
            String requestId,
            byte[] event,
            long deadlineEpochMillis,
            boolean coldStart,
            CompletableFuture<Invocation> result,
            long[] deliveredNanos) {}

    private ExecutionEnvironment(FunctionDefinition function, String arn, boolean snapStart, boolean retriedInit)
            throws IOException {
        this.function = function;
        this.arn = arn;
        this.snapStart = snapStart;
        this.retriedInit = retriedInit;
        this.server = LoopbackServers.create(0, 16);
        server.setExecutor(serverThreads);
        server.createContext(API + "/", this::serve);
        server.start();
    }

    /** Starts the JVM; returns at once (the init phase runs while the first invocation waits). */
    static ExecutionEnvironment start(
            FunctionDefinition function,
            String arn,
            List<String> command,
            Map<String, String> environment,
            Path taskRoot,
            boolean snapStart,
            boolean retriedInit,
            Consumer<String> log)
            throws IOException {
        ExecutionEnvironment env = new ExecutionEnvironment(function, arn, snapStart, retriedInit);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            builder.environment()
                    .put(
                            "AWS_LAMBDA_RUNTIME_API",
                            "127.0.0.1:" + env.server.getAddress().getPort());
            env.startedNanos = System.nanoTime();
            env.process = builder.start();
        } catch (IOException | RuntimeException e) {
            env.server.stop(0);
            env.serverThreads.shutdownNow();
            throw e;
        }
        env.forward(env.process.getInputStream(), log);
        env.forward(env.process.getErrorStream(), log);
        env.process.onExit().thenRun(env::exited);
        return env;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    FunctionDefinition function() {
        return function;
    }

    private long initLimitMillis() {
        if (snapStart) {
            return Math.max(SNAPSTART_INIT_LIMIT_MS, function.timeout().toMillis());
        }
        return retriedInit ? function.timeout().toMillis() : INIT_LIMIT_MS;
    }

    /**
     * How long since its JVM started: a timed-out init's Init Duration (INIT_REPORT), and a retried init's share of
     * the function's timeout.
     */
    double initMillisSoFar() {
        return elapsedSince(startedNanos);
    }

    /** Waits until init (under SnapStart, also the {@code beforeCheckpoint} hooks) is done, within the init limit. */
    boolean awaitSnapshotPoint() {
        try {
            ready.get(initLimitMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends one event and waits for its answer: within the init limit, then the function's timeout. */
    Invocation invoke(String requestId, byte[] event) {
        return invoke(requestId, event, null);
    }

    /** As {@link #invoke(String, byte[])}, with each line the process writes meanwhile also to {@code tail}. */
    Invocation invoke(String requestId, byte[] event, Consumer<String> tail) {
        this.tail = tail;
        try {
            Invocation invocation = run(requestId, event);
            if (tail != null) {
                awaitQuietOutput();
            }
            return invocation;
        } finally {
            this.tail = null;
        }
    }

    /**
     * The process's output is read by other threads, so its last lines can come a moment after the
     * answer: wait until nothing has come for 100 ms (at most a second). Not by asking the
     * pipe what is unread: its stream's {@code available()} waits for the lock its reader holds while
     * blocked in {@code read()}.
     */
    private void awaitQuietOutput() {
        awaitQuiet(() -> lastOutputNanos, System.nanoTime());
    }

    /**
     * Returns once nothing has come for 100 ms, counted from the later of the answer ({@code answeredNanos}) and the
     * last line the reader took ({@code lastOutput}), or a second after the answer. Counted from the answer too, as a
     * line written just before it can reach the reader after it: 20 ms counted from the last line alone ended the wait
     * 5 ms after the answer when the invocation's lines had not been read yet, and a busy machine's tail missed the
     * function's own line (LambdaInvokeApiIT; QuietOutputTest).
     */
    static void awaitQuiet(java.util.function.LongSupplier lastOutput, long answeredNanos) {
        long deadline = answeredNanos + TimeUnit.SECONDS.toNanos(1);
        long quiet = TimeUnit.MILLISECONDS.toNanos(100);
        try {
            while (true) {
                long now = System.nanoTime();
                long last = lastOutput.getAsLong();
                long since = last - answeredNanos > 0 ? last : answeredNanos; // nanoTime: compared by difference
                if (now >= deadline || now - since >= quiet) {
                    return;
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Invocation run(String requestId, byte[] event) {
        boolean coldStart = cold;
        cold = false;
        long timeoutMillis = function.timeout().toMillis();
        try {
            ready.get(initLimitMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            kill();
            if (retriedInit) {
                return timedOut(requestId, timeoutMillis, report(initMillisSoFar(), coldStart));
            }
            return Invocation.failure(
                    requestId,
                    INIT_TIMEOUT,
                    "init did not finish within " + initLimitMillis() + " ms",
                    report(0, coldStart));
        } catch (ExecutionException e) {
            return initFailure(requestId, coldStart);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        restore.complete(null);
        // A retried init spent part of the function's timeout already; the invocation has what is left.
        long budgetMillis =
                retriedInit && coldStart ? Math.max(1, timeoutMillis - (long) initMillisSoFar()) : timeoutMillis;
        Pending pending = new Pending(
                requestId,
                event,
                System.currentTimeMillis() + budgetMillis,
                coldStart,
                new CompletableFuture<>(),
                new long[1]);
        queue.add(pending);
        try {
            return pending.result().get(budgetMillis + 250, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            kill();
            return timedOut(requestId, timeoutMillis, report(elapsedSince(pending.deliveredNanos()[0]), coldStart));
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            inFlight.remove(requestId);
        }
    }

    /** Lambda's answer when the function's timeout ends an invocation (a retried init counts against it). */
    private static Invocation timedOut(String requestId, long timeoutMillis, Invocation.Report report) {
        return Invocation.failure(
                requestId,
                "Sandbox.Timedout",
                String.format(
                        java.util.Locale.ROOT,
                        "RequestId: %s Error: Task timed out after %.2f seconds",
                        requestId,
                        timeoutMillis / 1000.0),
                report);
    }

    private Invocation initFailure(String requestId, boolean coldStart) {
        if (initError != null) {
            return new Invocation(
                    requestId,
                    initError,
                    initErrorType == null ? "Runtime.InitError" : initErrorType,
                    report(0, coldStart));
        }
        return Invocation.failure(
                requestId,
                "Runtime.ExitError",
                "RequestId: " + requestId + " Error: Runtime exited with error: " + exitReason() + " during init",
                report(0, coldStart));
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(API.length());
            String method = exchange.getRequestMethod();
            if ("GET".equals(method) && path.equals("/invocation/next")) {
                next(exchange);
            } else if ("POST".equals(method) && path.matches("/invocation/[^/]+/(response|error)")) {
                String[] parts = path.split("/");
                finish(exchange, parts[2], "error".equals(parts[3]));
            } else if ("POST".equals(method) && path.equals("/init/error")) {
                initError = exchange.getRequestBody().readAllBytes();
                initErrorType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
                reply(exchange, 202, "{\"status\":\"OK\"}");
                ready.completeExceptionally(new IllegalStateException("init error"));
            } else if ("GET".equals(method) && path.equals("/restore/next") && snapStart) {
                // The snapshot point: init and the beforeCheckpoint hooks have run.
                readyNanos = System.nanoTime();
                ready.complete(null);
                restore.join();
                reply(exchange, 200, "");
            } else if ("POST".equals(method) && path.equals("/restore/error")) {
                initError = exchange.getRequestBody().readAllBytes();
                initErrorType = "Runtime.RestoreError";
                reply(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                reply(
                        exchange,
                        404,
                        "{\"errorMessage\":\"unknown runtime API path\",\"errorType\":\"InvalidRequest\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        if (!ready.isDone()) {
            readyNanos = System.nanoTime();
            ready.complete(null);
        }
        Pending pending;
        try {
            pending = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        pending.deliveredNanos()[0] = System.nanoTime();
        inFlight.put(pending.requestId(), pending);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", pending.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(pending.deadlineEpochMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", arn);
        headers.set("Lambda-Runtime-Trace-Id", traceId());
        exchange.sendResponseHeaders(200, pending.event().length == 0 ? -1 : pending.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(pending.event());
        }
    }

    private void finish(HttpExchange exchange, String requestId, boolean error) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Pending pending = inFlight.remove(requestId);
        if (pending == null) {
            reply(
                    exchange,
                    400,
                    "{\"errorMessage\":\"unknown or finished request id\",\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        // The invocation ends when its response has arrived: this runtime's own answer to the POST is not the
        // function's time (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html).
        double durationMillis = elapsedSince(pending.deliveredNanos()[0]);
        reply(exchange, 202, "{\"status\":\"OK\"}");
        Invocation.Report report = report(durationMillis, pending.coldStart());
        if (error) {
            String type = Optional.ofNullable(
                            exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"))
                    .orElse("Unhandled");
            pending.result().complete(new Invocation(requestId, body, type, report));
        } else {
            pending.result().complete(Invocation.success(requestId, body, report));
        }
    }

    /** The process ended: whatever it was doing fails as Lambda reports a runtime exit. */
    private void exited() {
        ready.completeExceptionally(new IllegalStateException("exited"));
        String reason = exitReason();
        for (Pending pending : List.copyOf(inFlight.values())) {
            pending.result()
                    .complete(Invocation.failure(
                            pending.requestId(),
                            "Runtime.ExitError",
                            "RequestId: " + pending.requestId() + " Error: Runtime exited with error: " + reason,
                            report(elapsedSince(pending.deliveredNanos()[0]), pending.coldStart())));
        }
        Pending queued;
        while ((queued = queue.poll()) != null) {
            queued.result()
                    .complete(Invocation.failure(
                            queued.requestId(),
                            "Runtime.ExitError",
                            "RequestId: " + queued.requestId() + " Error: Runtime exited with error: " + reason,
                            report(0, false)));
        }
        server.stop(0);
        serverThreads.shutdownNow();
    }

    /** As Lambda words it: {@code signal: killed}, {@code exit status 1}. */
    private String exitReason() {
        int code = process.isAlive() ? -1 : process.exitValue();
        return code > 128 ? "signal: " + signalName(code - 128) : "exit status " + code;
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 9 -> "killed";
            case 15 -> "terminated";
            case 6 -> "aborted";
            case 11 -> "segmentation fault";
            default -> "signal " + signal;
        };
    }

    private Invocation.Report report(double durationMillis, boolean coldStart) {
        Double init = coldStart && readyNanos != 0 ? (readyNanos - startedNanos) / 1e6 : null;
        return new Invocation.Report(durationMillis, function.memoryMb(), peakMemoryMb(), init);
    }

    /** The process's peak resident set, as Lambda's "Max Memory Used". */
    private Long peakMemoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // not Linux, or the process has ended
        }
        return null;
    }

    private static double elapsedSince(long nanos) {
        return nanos == 0 ? 0 : (System.nanoTime() - nanos) / 1e6;
    }

    private static String traceId() {
        byte[] random = new byte[20];
        RANDOM.nextBytes(random);
        String hex = HexFormat.of().formatHex(random);
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + hex.substring(0, 24) + ";Parent="
                + hex.substring(24, 40) + ";Sampled=0";
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private void forward(InputStream stream, Consumer<String> log) {
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines =
                            new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                        for (String line; (line = lines.readLine()) != null; ) {
                            lastOutputNanos = System.nanoTime();
                            Consumer<String> current = tail;
                            if (current != null) {
                                current.accept(line);
                            }
                            log.accept(line);
                        }
                    } catch (IOException ended) {
                        // the process is gone
                    } catch (UncheckedIOException ended) {
                        // the sink is gone
                    }
                },
                "logs-" + function.name());
        reader.setDaemon(true);
        reader.start();
    }

    /** What a {@code kill -9} does; used for timeouts and by tests that crash a function. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Asks the process to stop (SIGTERM, as Lambda's shutdown does) without waiting: a runtime stopping many
     * environments asks them all first, then waits for each ({@link #close}), instead of one exit after another.
     */
    void beginClose() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
        server.stop(0);
        serverThreads.shutdownNow();
    }
}
