package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What `local/start` runs, as a separate process: it comes up, serves, keeps data on request, and Ctrl-C leaves nothing behind.
 *
 * <p>The suites of such processes (this one, {@link SnapStartFlagIT}, {@link HotReloadIT}) share nothing with this JVM's
 * stacks, so they run beside the other suites, one at a time ({@link Lanes#OWN_STACKS}).
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Lanes.OWN_STACKS)
class LocalStartIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Pattern EXPORT = Pattern.compile("\\s*export ([A-Z_]+)=(\\S+)");
    /** The banner's line about the template's schedules, by default and with {@code --no-schedules}. */
    static final String SCHEDULES_ON =
            "schedules (EraseAccounts, OutboxRelay): every 5 s here (the template's rates are for AWS)";

    static final String SCHEDULES_OFF = "schedules (EraseAccounts, OutboxRelay): off (--no-schedules)";

    /** A running local stack in its own process. */
    static final class Running implements AutoCloseable {
        final Process process;
        final int port;
        final List<String> output = new ArrayList<>();
        final Thread reader;
        /** When it printed its ready line (System.nanoTime). */
        final long readyAt;

        Running(String... extraArgs) throws Exception {
            this(null, extraArgs);
        }

        /** Started in {@code directory} (null: this one), where it finds template.yaml and functions/. */
        /** Init may take a minute: these tests are not about init time, and a busy machine's JVMs can take over 10 s to start. */
        Running(Path directory, String... extraArgs) throws Exception {
            this(directory, HotReloadIT.SLOW_MACHINE, extraArgs);
        }

        /** With {@code environment} added to this JVM's. */
        Running(Path directory, Map<String, String> environment, String... extraArgs) throws Exception {
            port = Ports.freeInARow(3);
            ProcessBuilder builder = new ProcessBuilder(command(port, extraArgs))
                    .directory(directory == null ? null : directory.toFile())
                    .redirectErrorStream(true);
            builder.environment().putAll(environment);
            process = builder.start();
            CompletableFuture<Boolean> ready = new CompletableFuture<>();
            reader = new Thread(() -> {
                try (BufferedReader lines =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        synchronized (output) {
                            output.add(line);
                        }
                        if (line.contains("ready at http://127.0.0.1:" + port)) {
                            ready.complete(true);
                        }
                    }
                } catch (Exception ignored) {
                    // the process ended
                }
                ready.complete(false);
            });
            reader.start();
            assertTrue(ready.get(600, TimeUnit.SECONDS), () -> "no ready line; output: " + output());
            readyAt = System.nanoTime();
        }

        /**
         * local/start as its script runs it (Main in a JVM of its own), on {@code port}, with {@code extraArgs}; compiled
         * with C1 only, as this test JVM is (the root pom's argLine: the stack lives seconds here, not hours).
         */
        static List<String> command(int port, String... extraArgs) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName(),
                    "--port",
                    Integer.toString(port)));
            command.addAll(List.of(extraArgs));
            return command;
        }

        /** Returns once it has been ready for {@code age} (at once when it has already). */
        void aliveFor(Duration age) throws InterruptedException {
            long left = readyAt + age.toNanos() - System.nanoTime();
            if (left > 0) {
                Thread.sleep(left / 1_000_000 + 1);
            }
        }

        /** The {@code index}-th line of its output that matches, polled for up to {@code patience}; empty if none came. */
        Optional<String> awaitLine(java.util.function.Predicate<String> match, int index, Duration patience)
                throws InterruptedException {
            long deadline = System.nanoTime() + patience.toNanos();
            while (true) {
                List<String> matching = output().stream().filter(match).toList();
                if (matching.size() > index) {
                    return Optional.of(matching.get(index));
                }
                if (System.nanoTime() > deadline) {
                    return Optional.empty();
                }
                Thread.sleep(100);
            }
        }

        List<String> output() {
            synchronized (output) {
                return List.copyOf(output);
            }
        }

        /** The banner's {@code export NAME=value} lines. */
        Map<String, String> exports() {
            Map<String, String> exports = new LinkedHashMap<>();
            for (String line : output()) {
                Matcher export = EXPORT.matcher(line);
                if (export.matches()) {
                    exports.put(export.group(1), export.group(2));
                }
            }
            return exports;
        }

        HttpResponse<String> send(String method, String path, String token, String body, String... headers)
                throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("content-type", "application/json")
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            if (token != null) {
                request.header("Authorization", token);
            }
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Ctrl-C. */
        void interrupt() throws Exception {
            signal("INT");
        }

        /** What a service manager or {@code kill} sends. */
        void signal(String name) throws Exception {
            assertEquals(
                    0,
                    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                            .start()
                            .waitFor());
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "it stops on SIG" + name);
            reader.join(10_000);
        }

        /** The function JVMs (Runtime Interface Client processes) it started. */
        List<ProcessHandle> functionProcesses() {
            return process.descendants()
                    .filter(p -> p.info()
                            .commandLine()
                            .orElse("")
                            .contains("com.amazonaws.services.lambda.runtime.api.client.AWSLambda"))
                    .toList();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @Test
    void startsServesAndStopsCleanlyOnCtrlC() throws Exception {
        List<ProcessHandle> functions;
        long pid;
        int port;
        List<String> output;
        ProcessHandle postgres;
        try (Running stack = new Running()) {
            pid = stack.process.pid();
            port = stack.port;
            HttpResponse<String> health = stack.send("GET", "/health", null, null);
            assertEquals(200, health.statusCode(), health.body());
            Path cluster =
                    clusterOf(pid).orElseThrow(() -> new AssertionError("its PostgreSQL cluster exists while it runs"));
            postgres = ProcessHandle.of(Long.parseLong(Files.readAllLines(cluster.resolve("data/postmaster.pid"))
                            .get(0)
                            .strip()))
                    .orElseThrow();
            assertTrue(
                    stack.output().stream().anyMatch(line -> line.matches("\\s*PostgreSQL\\s+16\\.\\d+.*")),
                    () -> "the banner shows PostgreSQL 16, Aurora's major: " + stack.output());
            String edge = "http://127.0.0.1:" + (port + 2);
            assertTrue(
                    stack.output().stream()
                            .anyMatch(line ->
                                    line.contains("ready at") && line.contains("edge cache") && line.contains(edge)),
                    () -> "the ready line names the edge cache, two ports above the gateway: " + stack.output());
            HttpResponse<String> catalogue =
                    new StackClient(java.net.URI.create(edge)).send("GET", "/products", null, null);
            assertEquals(200, catalogue.statusCode(), catalogue.body());
            assertTrue(
                    catalogue.headers().firstValue("x-cache").orElse("").contains("polystack-edge"),
                    "the catalogue came through the edge cache: "
                            + catalogue.headers().map());
            assertTrue(
                    stack.output().stream().anyMatch(line -> line.strip().equals(SCHEDULES_ON)),
                    () -> "the banner says the schedules fire every 5 s: " + stack.output());
            for (String scheduled : List.of("EraseAccounts", "OutboxRelay")) {
                assertTrue(
                        stack.awaitLine(
                                        line -> line.startsWith("[" + scheduled + "] REPORT "),
                                        0,
                                        Duration.ofSeconds(60))
                                .isPresent(),
                        () -> scheduled + "'s schedule fired on its own, in a function process: " + stack.output());
            }
            functions = stack.functionProcesses();
            assertTrue(functions.size() >= 3, "the health check and the schedules ran in function processes");
            stack.interrupt();
            output = stack.output();
        }
        assertTrue(functions.stream().noneMatch(ProcessHandle::isAlive), "Ctrl-C stops every function process");
        assertFalse(clusterOf(pid).isPresent(), "its PostgreSQL cluster is stopped and deleted");
        postgres.onExit().get(10, TimeUnit.SECONDS);
        assertFalse(postgres.isAlive(), "no PostgreSQL process is left behind");
        assertTrue(output.stream().anyMatch(line -> line.contains("stopping")), output.toString());
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, again.getLocalPort(), "the port is free again");
        }
    }

    @Test
    void aPublishThatNamesNoFunctionStopsWhatHadStartedAndSaysWhy() throws Exception {
        Process process = new ProcessBuilder(Running.command(Ports.freeInARow(3), "--snapstart", "--publish", "Helth"))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), output);
        assertEquals(1, process.exitValue(), output);
        assertTrue(output.contains("--publish names no function called Helth"), output);
        assertFalse(
                clusterOf(process.pid()).isPresent(),
                "the stack stopped the PostgreSQL cluster it had started, and deleted it: " + output);
    }

    /**
     * The first stack is stopped as a service manager or {@code kill} stops it (SIGTERM; Ctrl-C is the test above):
     * it stops its function processes too, and what it wrote is there for the next start. One stack serves both
     * checks, as a start costs about 9 s of CPU here (docs/testing-speed.md).
     */
    @Test
    void sigtermStopsTheStackAndItsFunctionProcessesAndADataDirectoryKeepsUsersAndOrdersForTheNextStart()
            throws Exception {
        Path dataDir = Files.createTempDirectory("polystack-data-");
        String email = UserSessionIT.uniqueEmail();
        String login = "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}";
        String orderId;
        String userId;
        try {
            try (Running first = new Running("--data-dir", dataDir.toString(), "--no-schedules")) {
                HttpResponse<String> signUp = first.send(
                        "POST",
                        "/users",
                        null,
                        "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"name\":\"Kept\"}");
                assertEquals(201, signUp.statusCode(), signUp.body());
                userId = json(signUp).get("userId").asText();
                String token = "Bearer "
                        + json(first.send("POST", "/sessions", null, login))
                                .get("token")
                                .asText();
                HttpResponse<String> order = first.send(
                        "POST",
                        "/orders",
                        token,
                        "{\"items\":[{\"productId\":\"00000000-0000-4000-8000-000000000004\",\"quantity\":1}]}",
                        "Idempotency-Key",
                        "kept-1");
                assertEquals(201, order.statusCode(), order.body());
                orderId = json(order).get("orderId").asText();
                List<ProcessHandle> functions = first.functionProcesses();
                assertFalse(functions.isEmpty(), "the requests ran in function processes");
                assertTrue(
                        first.output().stream().anyMatch(line -> line.strip().startsWith(SCHEDULES_OFF)),
                        () -> "the banner says the schedules are off: " + first.output());
                // A timer would have fired by now (it fires every 5 s); with the schedules off, nothing fired them.
                first.aliveFor(Duration.ofSeconds(6));
                assertTrue(
                        first.output().stream()
                                .noneMatch(line ->
                                        line.startsWith("[EraseAccounts] ") || line.startsWith("[OutboxRelay] ")),
                        () -> "--no-schedules: no schedule fired: " + first.output());
                first.signal("TERM");
                assertTrue(
                        first.output().stream().anyMatch(line -> line.contains("stopping")),
                        first.output().toString());
                assertTrue(
                        functions.stream().noneMatch(ProcessHandle::isAlive), "SIGTERM stops every function process");
            }
            try (Running second = new Running("--data-dir", dataDir.toString(), "--no-schedules")) {
                HttpResponse<String> session = second.send("POST", "/sessions", null, login);
                assertEquals(201, session.statusCode(), "the user is still in DynamoDB");
                String token = "Bearer " + json(session).get("token").asText();
                assertEquals(
                        200,
                        second.send("GET", "/orders/" + orderId, token, null).statusCode(),
                        "the order is still in PostgreSQL");
                assertTrue(
                        second.send("GET", "/orders", token, null).body().contains(orderId),
                        "and its summary in DynamoDB");
                try (DynamoDbClient stranger =
                        OtherToolsIT.stranger(URI.create(second.exports().get("AWS_ENDPOINT_URL_DYNAMODB")))) {
                    assertEquals(
                            Optional.of(userId),
                            OtherToolsIT.userIdByEmail(stranger, email),
                            "the kept table is the shared one: other credentials, led there by the banner's exports, see the user");
                }
                second.interrupt();
            }
        } finally {
            new ProcessBuilder("rm", "-rf", dataDir.toString()).start().waitFor();
        }
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return UserSessionIT.JSON.readTree(response.body());
    }

    /** The throwaway cluster directory whose owner is this process, if any. */
    static Optional<Path> clusterOf(long pid) throws Exception {
        try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("polystack-pg-"))
                    .toList()) {
                Path owner = dir.resolve("owner.pid");
                if (Files.exists(owner) && Files.readString(owner).strip().equals(Long.toString(pid))) {
                    return Optional.of(dir);
                }
            }
        }
        return Optional.empty();
    }
}
