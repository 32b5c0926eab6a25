package dev.polystack.local;

import dev.polystack.local.lambda.FunctionsReloader;
import dev.polystack.local.lambda.LambdaRuntime;
import dev.polystack.local.lambda.LambdaSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code local/start}: runs the whole backend on loopback until Ctrl-C. */
public final class Main {
    private Main() {}

    /** Where the functions' logs are kept while the stack runs, for {@code local/logs}. */
    static final Path FUNCTION_LOGS = Path.of("local", "target", "logs");

    /**
     * What the command line asks for: the stack, the local Lambda service, whether to reload the functions on a
     * change, and under SnapStart which functions to publish before the ready line (empty: all of them).
     */
    record Command(StackOptions options, LambdaSettings lambda, boolean watch, List<String> publish) {
        Command(StackOptions options, LambdaSettings lambda, boolean watch) {
            this(options, lambda, watch, List.of());
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Command command;
        try {
            command = parse(args);
        } catch (IllegalArgumentException | StartupException e) {
            System.err.println("polystack: " + e.getMessage());
            System.err.println(
                    "usage: local/start [--port 3000] [--lambda-port 3001] [--data-dir DIR] [--aws-endpoint http://localhost:4566]"
                            + " [--concurrency N] [--snapstart [--publish Fn,Fn]] [--watch] [--edge-port 3002 | --no-edge] [--no-schedules]   (DATABASE_URL=postgres://… to use an existing PostgreSQL;"
                            + " " + LambdaRuntime.CONCURRENCY_VARIABLE + "=N as --concurrency)");
            System.exit(2);
            return;
        }
        StackOptions options = command.options();
        System.out.println(
                "polystack: starting the local stack (PostgreSQL + Data API emulator, DynamoDB Local, S3Proxy, API gateway)…");
        LocalBackend backend;
        LocalBackend started = null;
        try {
            started = LocalBackend.start(options, command.lambda());
            if (command.lambda().snapStart()) {
                publishAll(started, command.publish());
            }
            backend = started;
        } catch (RuntimeException e) {
            System.err.println("polystack: could not start: "
                    + (e instanceof StartupException ? "" : e.getClass().getSimpleName() + ": ") + e.getMessage());
            if (started != null) {
                // started, then publishing failed: stop what started (its PostgreSQL cluster, the function processes)
                started.close();
            }
            System.exit(1);
            return;
        }
        FunctionsReloader reloader = command.watch() ? watch(backend, command.publish()) : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("polystack: stopping…");
                            try {
                                java.nio.file.Files.deleteIfExists(Invoke.RUNNING_STACK);
                            } catch (java.io.IOException ignored) {
                                // a stale file only makes local/invoke fail to connect, and it says so
                            }
                            if (reloader != null) {
                                reloader.close();
                            }
                            backend.close();
                            stopped.countDown();
                        },
                        "stop-local-stack"));

        for (Map.Entry<String, URI> endpoint : backend.endpoints().entrySet()) {
            System.out.printf("  %-24s %s%n", endpoint.getKey(), endpoint.getValue());
        }
        System.out.printf("  %-24s %s%n", "PostgreSQL", backend.postgresVersion());
        System.out.println("  for the AWS CLI (v2.13+) or your own code, paste into a shell:");
        backend.exports().forEach((name, value) -> System.out.println("    export " + name + "=" + shellWord(value)));
        System.out.println("  routes (from " + backend.template().file().getFileName()
                + "; each function runs in its own JVM on first use):");
        backend.routes().stream()
                .filter(route -> !route.isDefault())
                .forEach(route -> System.out.printf(
                        "    %-7s %-22s %s%s%n",
                        route.method(),
                        route.path(),
                        route.function(),
                        route.authorized() ? "   (Authorization: Bearer <token>)" : ""));
        List<String> scheduled = backend.schedules().functions();
        if (!scheduled.isEmpty()) {
            System.out.println("  schedules (" + String.join(", ", new java.util.TreeSet<>(scheduled)) + "): "
                    + (options.relayEvery() == null
                            ? "off (--no-schedules); local/invoke <Function> -e events/<file>.json fires one"
                            : "every " + options.relayEvery().toSeconds()
                                    + " s here (the template's rates are for AWS)"));
        }
        backend.functionVariables().write(Invoke.RUNNING_STACK);
        System.out.println("polystack: ready at " + backend.gatewayEndpoint()
                + backend.edge()
                        .map(edge -> ", and through the edge cache (the catalogue cached as CloudFront caches it) at "
                                + edge.endpoint())
                        .orElse("")
                + "  (Ctrl-C stops everything; local/invoke <Function> -e events/<file>.json"
                + " runs one function against it; local/logs <Function> shows its log"
                + (command.watch() ? "; functions/src is watched: a change reloads the functions" : "") + ")");
        stopped.await();
    }

    /**
     * SnapStart's publish, a few at a time: init and beforeCheckpoint before the first request, for every function
     * or for those {@code --publish} names (the others are published when their first invocation comes).
     */
    private static void publishAll(LocalBackend backend, List<String> only) {
        LambdaRuntime runtime = (LambdaRuntime) backend.functions();
        List<String> functions = toPublish(backend.template().functions().keySet(), only);
        System.out.println("polystack: publishing " + functions.size()
                + " functions as SnapStart does (init and beforeCheckpoint of each)"
                + (only.isEmpty() ? "" : "; the others when their first invocation comes") + "…");
        int parallel = Math.max(
                1, Math.min(runtime.config().concurrency(), Runtime.getRuntime().availableProcessors()));
        java.util.concurrent.ExecutorService publishers =
                java.util.concurrent.Executors.newFixedThreadPool(parallel, Threads.daemon("publish"));
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        try {
            List<java.util.concurrent.Future<?>> published = new java.util.ArrayList<>();
            for (String function : functions) {
                published.add(publishers.submit(() -> {
                    if (!runtime.publish(function)) {
                        System.err.println(
                                "polystack: " + function
                                        + " did not reach its snapshot point (its init failed): its first request will say why");
                    }
                    System.out.println(
                            "  published " + function + " (" + done.incrementAndGet() + "/" + functions.size() + ")");
                }));
            }
            for (var each : published) {
                each.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new StartupException("publishing failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while publishing", e);
        } finally {
            publishers.shutdownNow();
        }
    }

    /** The functions to publish: all of the template's, or the ones named, each of which must be one of them. */
    static List<String> toPublish(java.util.Collection<String> defined, List<String> only) {
        if (only.isEmpty()) {
            return List.copyOf(defined);
        }
        List<String> unknown =
                only.stream().filter(name -> !defined.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new StartupException("--publish names no function called " + String.join(", ", unknown)
                    + " (the template's functions: " + String.join(", ", defined) + ")");
        }
        return List.copyOf(only);
    }

    /** --watch: the functions' sources, compiled into functions.jar on a change; the warm environments retired (and, under SnapStart, published again). */
    private static FunctionsReloader watch(LocalBackend backend, List<String> publish) {
        LambdaRuntime runtime = (LambdaRuntime) backend.functions();
        Path project = backend.template().file().toAbsolutePath().getParent();
        Path jar = backend.template().functions().values().iterator().next().code();
        Runnable retire = () -> {
            runtime.retire();
            if (runtime.config().snapStart()) {
                publishAll(backend, publish);
            }
        };
        return new FunctionsReloader(
                        project.resolve("functions"),
                        jar,
                        FunctionsReloader.classpathOf(jar),
                        retire,
                        System.out::println)
                .start();
    }

    static Command parse(String[] args) {
        int port = 3000;
        int lambdaPort = LambdaSettings.API_PORT_PLUS_ONE;
        Integer concurrency = null;
        boolean snapStart = false;
        boolean watch = false;
        Integer edgePort = null;
        boolean edge = true;
        boolean schedules = true;
        Path dataDir = null;
        java.net.URI awsEndpoint = null;
        List<String> publish = List.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = parsePort(value(args, ++i, "--port"));
                case "--lambda-port" -> lambdaPort = parsePort(value(args, ++i, "--lambda-port"));
                case "--concurrency" -> concurrency = parseConcurrency(value(args, ++i, "--concurrency"));
                case "--snapstart" -> snapStart = true;
                case "--publish" -> publish = parseFunctions(value(args, ++i, "--publish"));
                case "--watch" -> watch = true;
                case "--edge-port" -> edgePort = parsePort(value(args, ++i, "--edge-port"));
                case "--no-edge" -> edge = false;
                case "--no-schedules" -> schedules = false;
                case "--data-dir" ->
                    dataDir = Path.of(value(args, ++i, "--data-dir")).toAbsolutePath();
                case "--aws-endpoint" -> awsEndpoint = java.net.URI.create(value(args, ++i, "--aws-endpoint"));
                case "-h", "--help" -> throw new IllegalArgumentException("options");
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        LambdaSettings lambda = new LambdaSettings(
                lambdaPort,
                concurrency == null ? LambdaRuntime.defaultConcurrency() : concurrency,
                snapStart,
                FUNCTION_LOGS.toAbsolutePath());
        if (!publish.isEmpty() && !snapStart) {
            throw new IllegalArgumentException("--publish names what --snapstart publishes: give --snapstart too");
        }
        if (!edge && edgePort != null) {
            throw new IllegalArgumentException("--edge-port and --no-edge contradict each other");
        }
        // The edge listens beside the gateway (and the Invoke API on the port after it) unless told otherwise.
        Integer edgeListensOn = !edge ? null : edgePort != null ? edgePort : port == 0 ? 0 : port + 2;
        StackOptions options =
                StackOptions.forCommandLine(port, dataDir, awsEndpoint).withEdgePort(edgeListensOn);
        return new Command(schedules ? options : options.withRelayEvery(null), lambda, watch, publish);
    }

    private static List<String> parseFunctions(String text) {
        List<String> names =
                java.util.Arrays.stream(text.split(",", -1)).map(String::strip).toList();
        if (names.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("--publish takes function names separated by commas, e.g. Health,Login");
        }
        return List.copyOf(new java.util.LinkedHashSet<>(names));
    }

    private static int parseConcurrency(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit < 1) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--concurrency must be a whole number of at least 1");
        }
    }

    /** The value as one shell word: as it is when it is plain, else single-quoted. */
    static String shellWord(String value) {
        return value.matches("[A-Za-z0-9_@%+=:,./-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a port must be a number from 0 (any free one) to 65535");
        }
    }
}
