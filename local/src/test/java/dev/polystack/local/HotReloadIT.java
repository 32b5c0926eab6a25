package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code local/start --watch} in a copy of the project: an edit of a handler's response reaches the
 * gateway without a restart, the stores keep their data, and a compile error is printed once while
 * the old code keeps serving. And {@code local/logs} reads what the runtime kept of a function. Both tests use one
 * such stack (a start is about 10 s of CPU): each reads only what it did, in either order.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Lanes.OWN_STACKS)
class HotReloadIT {
    static final Path PROJECT = dev.polystack.local.lambda.SamTemplate.locate().getParent();
    /** What this suite tests is not init speed: a busy machine gets a minute. */
    static final java.util.Map<String, String> SLOW_MACHINE = java.util.Map.of("POLYSTACK_INIT_LIMIT_MS", "60000");
    /** The $default route's handler: its answer needs no store, so a busy machine cannot change it. */
    static final String HANDLER = "functions/src/main/java/dev/polystack/app/FallbackHandler.java";

    private static Path copy;
    private static LocalStartIT.Running stack;

    @BeforeAll
    static void startInACopyOfTheProject() throws Exception {
        copy = copyOfTheProject();
        // Its schedules stay off: a reload retires every warm environment, the scheduled functions' too, and their
        // timers would start them again every 5 s (that they fire is LocalStartIT's).
        stack = new LocalStartIT.Running(copy, SLOW_MACHINE, "--watch", "--lambda-port", "0", "--no-schedules");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (stack != null) {
                stack.interrupt();
                stack.close();
            }
        } finally {
            deleteTree(copy);
        }
    }

    @Test
    void anEditedHandlerServesItsNewResponseWithoutARestartAndABrokenOneLeavesTheOldCodeServing() throws Exception {
        HttpResponse<String> before = stack.send("GET", "/no-such-route", null, null);
        assertEquals(404, before.statusCode(), before.body());
        assertTrue(before.body().contains("\"no route for GET /no-such-route\""), before.body());
        String email = UserSessionIT.uniqueEmail();
        String account = "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"name\":\"Kept\"}";
        assertEquals(201, stack.send("POST", "/users", null, account).statusCode());

        Path handler = copy.resolve(HANDLER);
        edit(handler, "\"no route for \" + request.method()", "\"reloaded, no route for \" + request.method()");
        String reloaded = awaitLine(stack, "polystack: reloaded in ", 0);
        assertTrue(reloaded.matches("polystack: reloaded in \\d+\\.\\d s .*"), reloaded);
        System.out.println("HotReloadIT: " + reloaded);
        HttpResponse<String> after = stack.send("GET", "/no-such-route", null, null);
        assertTrue(
                after.body().contains("\"reloaded, no route for GET /no-such-route\""),
                "the new code serves: " + after.body());
        assertEquals(
                201,
                stack.send(
                                "POST",
                                "/sessions",
                                null,
                                "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}")
                        .statusCode(),
                "the user signed up before the reload is still there");

        edit(handler, "\"reloaded, no route for \" + request.method()", "\"broken, no route for \" request.method()");
        awaitLine(stack, "the functions do not compile", 0);
        Thread.sleep(3_000);
        assertEquals(
                1,
                stack.output().stream()
                        .filter(line -> line.contains("the functions do not compile"))
                        .count(),
                "the error is printed once: " + stack.output());
        assertTrue(
                stack.output().stream()
                        .anyMatch(line -> line.contains("FallbackHandler.java") && line.contains("error")),
                stack.output().toString());
        HttpResponse<String> stillServing = stack.send("GET", "/no-such-route", null, null);
        assertTrue(
                stillServing.body().contains("\"reloaded, no route for GET /no-such-route\""),
                "the old code keeps serving: " + stillServing.body());

        edit(handler, "\"broken, no route for \" request.method()", "\"mended, no route for \" + request.method()");
        awaitLine(stack, "polystack: reloaded in ", 1);
        assertTrue(stack.send("GET", "/no-such-route", null, null)
                .body()
                .contains("\"mended, no route for GET /no-such-route\""));
    }

    @Test
    void logsPrintsAFunctionsLinesWithItsReportLinesAndFollowsNewOnes() throws Exception {
        assertEquals(404, stack.send("GET", "/no-such-route", null, null).statusCode());
        Path logs = copy.resolve("local/target/logs");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(
                0,
                Logs.run(
                        new String[] {"Fallback"},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        logs,
                        () -> false),
                err.toString(StandardCharsets.UTF_8));
        String log = out.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains(" START RequestId: ") && log.contains(" END RequestId: "), log);
        assertTrue(
                log.contains(" REPORT RequestId: ") && log.contains("Init Duration: "),
                "a cold start's REPORT line: " + log);
        assertTrue(
                log.contains("\"phase\"") || log.contains("\"route\"") || log.contains("\"level\""),
                "the function's own JSON line: " + log);

        ByteArrayOutputStream followed = new ByteArrayOutputStream();
        AtomicBoolean following = new AtomicBoolean(true);
        Thread follower = new Thread(() -> Logs.run(
                new String[] {"Fallback", "--follow"},
                new PrintStream(followed, true, StandardCharsets.UTF_8),
                System.err,
                logs,
                following::get));
        long earlier = count(out, " REPORT RequestId: ");
        follower.start();
        assertEquals(404, stack.send("GET", "/no-such-route", null, null).statusCode());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (count(followed, " REPORT RequestId: ") < earlier + 1 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        following.set(false);
        follower.join(5_000);
        assertEquals(
                earlier + 1,
                count(followed, " REPORT RequestId: "),
                "the earlier invocations, then the new one as it came: " + followed);

        ByteArrayOutputStream unknown = new ByteArrayOutputStream();
        assertEquals(
                2,
                Logs.run(
                        new String[] {"NoSuch"},
                        System.out,
                        new PrintStream(unknown, true, StandardCharsets.UTF_8),
                        logs,
                        () -> false));
        assertTrue(unknown.toString(StandardCharsets.UTF_8).contains("Health"), "it lists the functions");
    }

    private static long count(ByteArrayOutputStream out, String text) {
        String all = out.toString(StandardCharsets.UTF_8);
        return all.split(java.util.regex.Pattern.quote(text), -1).length - 1L;
    }

    /** Waits for the {@code index}-th output line containing {@code text}. */
    static String awaitLine(LocalStartIT.Running stack, String text, int index) throws InterruptedException {
        return stack.awaitLine(line -> line.contains(text), index, java.time.Duration.ofSeconds(180))
                .orElseThrow(() -> new AssertionError(
                        "no line with '" + text + "' (#" + index + ") in: " + String.join("\n", stack.output())));
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " has " + from);
        Files.writeString(file, text.replace(from, to));
    }

    /** What the stack needs of the project: the template, the functions' sources, classes and jar. */
    static Path copyOfTheProject() throws IOException {
        Path copy = Files.createTempDirectory("polystack-copy");
        Files.copy(PROJECT.resolve("template.yaml"), copy.resolve("template.yaml"));
        copyTree(PROJECT.resolve("functions/src/main"), copy.resolve("functions/src/main"));
        copyTree(PROJECT.resolve("functions/target/classes"), copy.resolve("functions/target/classes"));
        Files.copy(PROJECT.resolve("functions/target/functions.jar"), copy.resolve("functions/target/functions.jar"));
        return copy;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void deleteTree(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
