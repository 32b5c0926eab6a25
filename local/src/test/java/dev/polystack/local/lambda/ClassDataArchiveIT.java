package dev.polystack.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.local.Lanes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The function JVMs' class-data archive: written once per classpath by the first JVM of a route function,
 * mapped by the starts after it, made anew when the code changes, and never the reason a start fails. Health runs
 * without any store, so these tests need no stack; each has its own code (a copy of
 * {@code functions.jar}) and its own archive folder.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Lanes.OWN_STACKS)
class ClassDataArchiveIT {
    static final Path PROJECT = SamTemplate.locate().getParent();

    @TempDir
    Path dir;

    Path archives;
    Path jar;
    SamTemplate template;
    byte[] event;
    final List<String> output = new CopyOnWriteArrayList<>();
    FileTime started;

    @BeforeEach
    void copyTheCode() throws IOException {
        started = FileTime.from(Instant.now().minusSeconds(1));
        archives = dir.resolve("appcds");
        jar = dir.resolve("functions/target/functions.jar");
        Files.createDirectories(jar.getParent());
        Files.copy(PROJECT.resolve("functions/target/functions.jar"), jar);
        Files.copy(PROJECT.resolve("template.yaml"), dir.resolve("template.yaml"));
        template = SamTemplate.read(dir.resolve("template.yaml"));
        event = Files.readAllBytes(PROJECT.resolve("events/health.json"));
    }

    @Test
    void theFirstStartWritesTheArchiveAndLaterStartsMapItWithoutWritingItAgain() throws Exception {
        Path archive;
        try (LambdaRuntime runtime = runtime(List.of())) {
            answers(runtime, "first");
            archive = awaitArchive(runtime);
        }
        FileTime written = Files.getLastModifiedTime(archive);

        Path classLog = dir.resolve("classes.log");
        try (LambdaRuntime runtime = runtime(List.of("-Xlog:class+load:file=" + classLog))) {
            assertEquals(archive, runtime.classData().file(), "the same code and JVM give the same archive");
            answers(runtime, "second");
        }
        List<String> handlerLoads = Files.readAllLines(classLog).stream()
                .filter(line -> line.contains(" dev.polystack.health.handler.HealthHandler "))
                .toList();
        assertEquals(1, handlerLoads.size(), String.join("\n", handlerLoads));
        assertTrue(
                handlerLoads.get(0).contains("source: shared objects file (top)"),
                "the handler's class comes from the archive: " + handlerLoads.get(0));
        assertEquals(written, Files.getLastModifiedTime(archive), "the archive is not written again");
        assertEquals(List.of(archive), archivesIn(archives));
    }

    /**
     * A stack starts its custom resource first: Migrate's JVM loads only the Data API client, so the archive is left
     * to the first JVM of a route function, whose classes are the ones most starts load. Nothing is started here:
     * the role is what {@code invoke} starts the JVM with.
     */
    @Test
    void theFirstRouteFunctionWritesTheArchiveNotTheCustomResourceThatRunsFirst() throws Exception {
        try (LambdaRuntime runtime = runtime(List.of())) {
            ClassDataArchive archive = runtime.classData();
            for (String notARoute : List.of("Migrate", "OutboxRelay", "UploadCompleted")) {
                assertEquals(
                        ClassDataArchive.Role.NONE,
                        runtime.classDataStart(archive, template.function(notARoute))
                                .role(),
                        notARoute + " has no route: its JVM starts without writing the archive");
            }
            assertFalse(Files.exists(lockOf(archive.file())), "nothing claimed the archive");
            assertEquals(
                    ClassDataArchive.Role.DUMP,
                    runtime.classDataStart(archive, template.function("Health")).role(),
                    "the first route function's JVM writes it");
        }
    }

    @Test
    void newCodeGetsANewArchiveAndTheOldOneGoes() throws Exception {
        try (LambdaRuntime runtime = runtime(List.of())) {
            answers(runtime, "before");
            Path before = awaitArchive(runtime);

            // What hot reload does: a new functions.jar in place, then the warm environments retired.
            Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
            runtime.retire();
            answers(runtime, "after");
            Path after = awaitArchive(runtime);

            assertNotEquals(before, after, "a changed jar is a new key");
            assertEquals(List.of(after), archivesIn(archives), "the old code's archive is removed");
        }
    }

    /** A truncated archive crashes the JVM that maps it, even with -Xshare:auto; garbage is refused. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"truncated", "garbage"})
    void aBrokenArchiveNeverBreaksAStart(String damage) throws Exception {
        Path archive;
        try (LambdaRuntime runtime = runtime(List.of())) {
            answers(runtime, "write");
            archive = awaitArchive(runtime);
        }
        byte[] good = Files.readAllBytes(archive);
        archive.toFile().setWritable(true);
        Files.write(archive, damage.equals("truncated") ? Arrays.copyOf(good, 100_000) : "garbage".getBytes());

        try (LambdaRuntime runtime = runtime(List.of())) {
            answers(runtime, "after-damage");
            assertTrue(
                    output.stream().anyMatch(line -> line.contains("does not open with this JVM and classpath")),
                    "the refusal is logged: " + String.join("\n", output));
            // The start without it wrote a sound one again.
            Path again = awaitArchive(runtime);
            assertEquals(archive, again);
        }
        try (LambdaRuntime runtime = runtime(List.of())) {
            answers(runtime, "with-the-new-archive");
        }
        assertEquals(List.of(), crashReports(), "the check's crash leaves no report behind");
    }

    @Test
    void offMeansNoArchive() throws Exception {
        try (LambdaRuntime runtime = new LambdaRuntime(template, config())) {
            assertEquals(null, runtime.classData());
            answers(runtime, "off");
        }
        assertFalse(Files.exists(archives));
    }

    @ParameterizedTest(name = "POLYSTACK_APPCDS={0}: off {1}")
    @org.junit.jupiter.params.provider.CsvSource(
            value = {"off, true", "OFF, true", "on, false", "'', false", "NULL, false"},
            nullValues = "NULL")
    void theSwitchTurnsItOffOnlyWhenSetToOff(String setting, boolean off) {
        assertEquals(off, ClassDataArchive.off(setting));
    }

    /** The stores' names a stack would give (the template's are intrinsic functions, not names). */
    private LambdaRuntime.Config config() {
        return new LambdaRuntime.Config(
                Map.of("TABLE_NAME", "polystack", "BUCKET_NAME", "polystack-uploads"), Map.of(), 1, false, output::add);
    }

    private LambdaRuntime runtime(List<String> jvmOptions) {
        return new LambdaRuntime(template, config().withJvmOptions(jvmOptions).withClassDataDirectory(archives));
    }

    private void answers(LambdaRuntime runtime, String requestId) {
        Invocation invocation = runtime.invoke("Health", event, requestId);
        assertFalse(invocation.failed(), invocation.errorType() + "\n" + String.join("\n", output));
        assertTrue(new String(invocation.payload()).contains("\"statusCode\""), new String(invocation.payload()));
    }

    /** The JVM that writes it does so in the background, after its first invocation. */
    private Path awaitArchive(LambdaRuntime runtime) throws InterruptedException {
        Path archive = runtime.classData().file();
        long deadline = System.nanoTime() + ClassDataArchive.DUMP_GRACE.toNanos() + 10_000_000_000L;
        while (!Files.isRegularFile(archive) || Files.exists(lockOf(archive))) {
            assertTrue(System.nanoTime() < deadline, "no archive written: " + String.join("\n", output));
            Thread.sleep(100);
        }
        return archive;
    }

    private static Path lockOf(Path archive) {
        return archive.resolveSibling(archive.getFileName().toString().replace(".jsa", ".lock"));
    }

    /** What a JVM that crashed during this test left in its working directory (the test's, {@code local/}) or beside the archive. */
    private List<Path> crashReports() throws IOException {
        try (Stream<Path> here = Files.list(Path.of(""));
                Stream<Path> beside = Files.list(archives)) {
            return Stream.concat(here, beside)
                    .filter(f -> f.getFileName().toString().startsWith("hs_err")
                            || f.getFileName().toString().endsWith(".crash.log"))
                    .filter(f -> modifiedSinceTheStart(f))
                    .toList();
        }
    }

    private boolean modifiedSinceTheStart(Path file) {
        try {
            return Files.getLastModifiedTime(file).compareTo(started) >= 0;
        } catch (IOException gone) {
            return false;
        }
    }

    private static List<Path> archivesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jsa")).toList();
        }
    }
}
