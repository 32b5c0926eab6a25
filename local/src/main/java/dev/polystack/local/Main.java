package dev.polystack.local;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code local/start}: runs the whole backend on loopback until Ctrl-C. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        StackOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("polystack: " + e.getMessage());
            System.err.println("usage: local/start [--port 3000] [--data-dir DIR] [--aws-endpoint http://localhost:4566]   (DATABASE_URL=postgres://… to use an existing PostgreSQL)");
            System.exit(2);
            return;
        }
        System.out.println("polystack: starting the local stack (PostgreSQL + Data API emulator, DynamoDB Local, S3Proxy, API gateway)…");
        LocalBackend backend;
        try {
            backend = LocalBackend.start(options);
        } catch (StartupException e) {
            System.err.println("polystack: could not start: " + e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            System.err.println("polystack: could not start: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("polystack: stopping…");
            try {
                java.nio.file.Files.deleteIfExists(Invoke.RUNNING_STACK);
            } catch (java.io.IOException ignored) {
                // a stale file only makes local/invoke fail to connect, and it says so
            }
            backend.close();
            stopped.countDown();
        }, "stop-local-stack"));

        for (Map.Entry<String, URI> endpoint : backend.endpoints().entrySet()) {
            System.out.printf("  %-24s %s%n", endpoint.getKey(), endpoint.getValue());
        }
        System.out.printf("  %-24s %s%n", "PostgreSQL", backend.postgresVersion());
        System.out.println("  for the AWS CLI (v2.13+) or your own code, paste into a shell:");
        backend.exports().forEach((name, value) -> System.out.println("    export " + name + "=" + shellWord(value)));
        System.out.println("  routes (from " + backend.template().file().getFileName() + "; each function runs in its own JVM on first use):");
        backend.routes().stream()
                .filter(route -> !route.isDefault())
                .forEach(route -> System.out.printf("    %-7s %-22s %s%s%n", route.method(), route.path(), route.function(),
                        route.authorized() ? "   (Authorization: Bearer <token>)" : ""));
        backend.functionVariables().write(Invoke.RUNNING_STACK);
        System.out.println("polystack: ready at " + backend.gatewayEndpoint() + "  (Ctrl-C stops everything; local/invoke <Function> -e events/<file>.json runs one function against it)");
        stopped.await();
    }

    static StackOptions parse(String[] args) {
        int port = 3000;
        Path dataDir = null;
        java.net.URI awsEndpoint = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = parsePort(value(args, ++i, "--port"));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir")).toAbsolutePath();
                case "--aws-endpoint" -> awsEndpoint = java.net.URI.create(value(args, ++i, "--aws-endpoint"));
                case "-h", "--help" -> throw new IllegalArgumentException("options");
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return StackOptions.forCommandLine(port, dataDir, awsEndpoint);
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
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number from 1 to 65535");
        }
    }
}
