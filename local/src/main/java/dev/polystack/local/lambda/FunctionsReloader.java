package dev.polystack.local.lambda;

import dev.polystack.local.Threads;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * {@code local/start --watch}: when a source under {@code functions/src/main} changes, compiles the
 * changed Java sources (javac in this JVM, against the classes already built and the functions'
 * dependencies), puts the new classes and resources into a copy of {@code functions.jar}, swaps it in
 * with one rename, and retires the warm environments, so the next invocation of every function runs
 * the new code while the stores and the gateway stay up. No Maven run: seconds, not a build. A compile
 * error is printed once and the old code keeps serving; the sources stay pending until they compile.
 *
 * <p>Environments already running keep the jar they opened (the rename leaves that file in place).
 * What javac alone cannot do is not done: a new dependency, or an SDK operation the shrunk jar does not
 * keep, needs {@code local/build --force} and a restart.
 */
public final class FunctionsReloader implements AutoCloseable {
    private final Path sources;
    private final Path classes;
    private final Path jar;
    private final List<Path> dependencies;
    private final Runnable retire;
    private final Consumer<String> out;
    private final ScheduledExecutorService poller =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("functions-watch"));
    private final Map<Path, Long> seen = new HashMap<>();
    private final Set<Path> pending = new TreeSet<>();

    /**
     * @param functionsModule the {@code functions/} folder (sources in {@code src/main}, output in {@code target})
     * @param jar             the jar the template's {@code CodeUri} names
     * @param dependencies    the functions' compile classpath besides their own classes
     * @param retire          what makes the next invocations start from the new jar
     */
    public FunctionsReloader(
            Path functionsModule, Path jar, List<Path> dependencies, Runnable retire, Consumer<String> out) {
        this.sources = functionsModule.resolve("src").resolve("main");
        this.classes = functionsModule.resolve("target").resolve("classes");
        this.jar = jar;
        this.dependencies = List.copyOf(dependencies);
        this.retire = retire;
        this.out = out;
        scan();
        pending.clear();
    }

    /**
     * The functions' dependencies as javac needs them: this JVM's own classpath (the local stack depends
     * on the functions, so their libraries are on it, whole), then the jar (shaded, for anything else).
     */
    public static List<Path> classpathOf(Path jar) {
        List<Path> classpath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                classpath.add(Path.of(entry));
            }
        }
        classpath.add(jar);
        return classpath;
    }

    /** Polls the sources twice a second (a few hundred files: cheaper than keeping a watch on every folder). */
    public FunctionsReloader start() {
        poller.scheduleWithFixedDelay(this::poll, 500, 500, TimeUnit.MILLISECONDS);
        return this;
    }

    private void poll() {
        try {
            if (scan()) {
                Thread.sleep(200); // an editor's save can be several writes
                scan();
                reload();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            out.accept("polystack: reload failed: " + e);
        }
    }

    /** True when a source was added or changed since the last scan; the changed ones become pending. */
    private boolean scan() {
        boolean changed = false;
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                long modified = Files.getLastModifiedTime(file).toMillis();
                Long before = seen.put(file, modified);
                if (before == null || before != modified) {
                    pending.add(file);
                    changed = true;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return changed;
    }

    /**
     * Compiles and swaps in what is pending. Returns the outcome, for tests: true when the new code
     * serves, false after a compile error (printed) with the old code still serving.
     */
    synchronized boolean reload() {
        long started = System.nanoTime();
        List<Path> javaSources = pending.stream()
                .filter(f -> f.toString().endsWith(".java") && Files.exists(f))
                .toList();
        List<Path> resources = pending.stream()
                .filter(f -> !f.toString().endsWith(".java") && Files.exists(f))
                .toList();
        Path staging;
        try {
            staging = Files.createTempDirectory("polystack-reload");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            if (!javaSources.isEmpty() && !compile(javaSources, staging)) {
                return false;
            }
            Map<String, Path> entries = new HashMap<>();
            try (Stream<Path> compiled = Files.walk(staging)) {
                compiled.filter(Files::isRegularFile)
                        .forEach(file -> entries.put(
                                staging.relativize(file).toString().replace(File.separatorChar, '/'), file));
            }
            for (Path resource : resources) {
                Path relative = sources.relativize(resource);
                if (relative.getNameCount() > 1
                        && relative.getName(0).toString().equals("resources")) {
                    entries.put(
                            relative.subpath(1, relative.getNameCount())
                                    .toString()
                                    .replace(File.separatorChar, '/'),
                            resource);
                }
            }
            for (var entry : entries.entrySet()) {
                Path target = classes.resolve(entry.getKey());
                Files.createDirectories(target.getParent());
                Files.copy(entry.getValue(), target, StandardCopyOption.REPLACE_EXISTING);
            }
            swapJar(entries);
            retire.run();
            pending.clear();
            out.accept(String.format(
                    Locale.ROOT,
                    "polystack: reloaded in %.1f s (%d source%s changed; warm environments retired)",
                    (System.nanoTime() - started) / 1e9,
                    javaSources.size() + resources.size(),
                    javaSources.size() + resources.size() == 1 ? "" : "s"));
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(staging);
        }
    }

    private boolean compile(List<Path> javaSources, Path staging) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("--watch needs a JDK (javax.tools), and this Java is a JRE");
        }
        List<String> arguments = new ArrayList<>(List.of(
                "-d",
                staging.toString(),
                "--release",
                "17",
                "-parameters",
                "-nowarn",
                "-implicit:none",
                "-encoding",
                "UTF-8",
                "-sourcepath",
                sources.resolve("java").toString(),
                "-cp",
                Stream.concat(Stream.of(classes), dependencies.stream())
                        .map(Path::toString)
                        .reduce((a, b) -> a + File.pathSeparator + b)
                        .orElseThrow()));
        javaSources.forEach(source -> arguments.add(source.toString()));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, errors, errors, arguments.toArray(String[]::new));
        if (status != 0) {
            out.accept("polystack: the functions do not compile; the old code keeps serving until they do:\n"
                    + errors.toString(StandardCharsets.UTF_8).strip());
            return false;
        }
        return true;
    }

    /** A copy of the jar with the new entries, renamed over it: a process that has the old one open keeps reading it. */
    private void swapJar(Map<String, Path> entries) throws IOException {
        Path copy = jar.resolveSibling(jar.getFileName() + ".reloading");
        Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + copy.toUri()), Map.of())) {
            for (var entry : entries.entrySet()) {
                Path inside = zip.getPath(entry.getKey());
                if (inside.getParent() != null) {
                    Files.createDirectories(inside.getParent());
                }
                Files.copy(entry.getValue(), inside, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(copy, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
