package dev.polystack.local.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * An application class-data archive (AppCDS) for the local stack's function JVMs: the classes of the
 * Runtime Interface Client and of the functions' code, parsed and laid out once, mapped by every later
 * start instead of read from the jars again. The JDK 17 way without a class list: the first JVM for a
 * classpath that may write it ({@link LambdaRuntime#classDataStart}: a function with an HTTP route) writes a
 * dynamic archive of what it loaded once it has answered its first invocation
 * ({@code -XX:+RecordDynamicDumpInfo}, then {@code jcmd VM.cds dynamic_dump}; it keeps running and serving),
 * every later one maps it ({@code -XX:SharedArchiveFile}) on top of the JDK's own archive
 * (https://docs.oracle.com/en/java/javase/17/docs/specs/man/java.html, "Application Class Data Sharing").
 *
 * <p>An archive only fits the exact classpath and JVM it was made with, so its name is a hash of the
 * {@code java.home}, the JVM's version and every jar's path, size and modification time: a rebuilt
 * {@code functions.jar} (a build, hot reload) gets an archive of its own. One JVM writes it, the one
 * that wins a lock file; it writes to a temporary name, and only an archive that a JVM has opened with
 * {@code -Xshare:on} (which refuses a torn, foreign or mismatched one) is renamed into place, so a
 * start never maps a half-written file: a truncated archive crashes the JVM that maps it, and
 * {@code -Xshare:auto} does not save it. Anything wrong (no archive yet, a refused one, a lock held by
 * another process) means a start without it, as before.
 *
 * <p>Local only: Lambda's own runtime is untouched, and the cold-start benchmarks, which stand in for
 * Lambda's, run without it. {@code POLYSTACK_APPCDS=off} turns it off.
 */
public final class ClassDataArchive {
    public static final String SWITCH_VARIABLE = "POLYSTACK_APPCDS";

    /** A lock older than this belongs to a process that died while its JVM was writing. */
    static final Duration STALE_LOCK = Duration.ofMinutes(10);

    /** Writing the archive takes about half a second on a quiet machine; under load, seconds. */
    public static final Duration DUMP_GRACE = Duration.ofSeconds(60);

    /** What makes a running JVM write its archive; a JDK without it (a bare runtime image) gets none. */
    private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    /** Archives this process has checked, by path, with the size and time they had then. */
    private static final Map<Path, String> VERIFIED = new ConcurrentHashMap<>();

    private final Path archive;
    private final Path lock;
    private final Path partial;
    private final String classpath;
    private final Consumer<String> log;
    private boolean dumping;
    private boolean reportedUnusable;

    private ClassDataArchive(Path directory, String key, String classpath, Consumer<String> log) {
        this.archive = directory.resolve(key + ".jsa");
        this.lock = directory.resolve(key + ".lock");
        this.partial = directory.resolve(key + ".jsa.partial");
        this.classpath = classpath;
        this.log = log;
    }

    /**
     * The archive for function JVMs that run {@code classpath} with the functions' {@code code} in their
     * task root, kept in {@code directory}.
     */
    public static ClassDataArchive in(Path directory, String classpath, List<Path> code, Consumer<String> log) {
        List<Path> files = new ArrayList<>();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            files.add(Path.of(entry));
        }
        files.addAll(code);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ClassDataArchive(directory, key(files), classpath, log);
    }

    /**
     * {@code local/target/appcds} of the project the working directory is in; null when {@code POLYSTACK_APPCDS=off}
     * or outside a project.
     */
    public static Path defaultDirectory() {
        if (off(System.getenv(SWITCH_VARIABLE))) {
            return null;
        }
        try {
            return SamTemplate.locate().getParent().resolve("local/target/appcds");
        } catch (RuntimeException outsideProject) {
            return null;
        }
    }

    static boolean off(String setting) {
        return setting != null && setting.strip().equalsIgnoreCase("off");
    }

    /** Hex SHA-256 of the JVM and each file's path, size and modification time (a file that is missing counts too). */
    static String key(List<Path> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            StringBuilder text = new StringBuilder()
                    .append(System.getProperty("java.home"))
                    .append('\n')
                    .append(System.getProperty("java.vm.version"))
                    .append('\n');
            for (Path file : files) {
                text.append(file.toAbsolutePath()).append(' ');
                if (Files.isRegularFile(file)) {
                    text.append(Files.size(file))
                            .append(' ')
                            .append(Files.getLastModifiedTime(file).toMillis());
                } else {
                    text.append("missing");
                }
                text.append('\n');
            }
            return HexFormat.of().formatHex(digest.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path file() {
        return archive;
    }

    /** What one start does: map the archive, write it at exit, or neither. */
    public enum Role {
        USE,
        DUMP,
        NONE
    }

    /** The flags for one start and what they do. */
    public record Start(Role role, List<String> flags) {}

    /**
     * The flags for the next function JVM: the archive when there is a sound one; else, if {@code mayDump}
     * and it claims the lock, the flags for a JVM that writes it (then {@link #dumped()}); else none.
     */
    public synchronized Start next(boolean mayDump) {
        if (Files.isRegularFile(archive)) {
            if (usable(archive)) {
                return new Start(Role.USE, List.of("-XX:SharedArchiveFile=" + archive));
            }
            if (!reportedUnusable) {
                reportedUnusable = true;
                log.accept("class-data archive " + archive.getFileName()
                        + " does not open with this JVM and classpath: removed, starting without it");
            }
            delete(archive);
        }
        if (mayDump && !dumping && Files.isExecutable(JCMD) && claim()) {
            dumping = true;
            delete(partial);
            // The dump warns once per class it leaves out (not linked, too old a class file): a thousand lines of
            // noise in the function's log.
            return new Start(Role.DUMP, List.of("-XX:+RecordDynamicDumpInfo", "-Xlog:cds=error"));
        }
        return new Start(Role.NONE, List.of());
    }

    /**
     * The running JVM {@code pid}, started with {@link Role#DUMP}'s flags, writes the archive of the classes it
     * has loaded so far ({@code jcmd <pid> VM.cds dynamic_dump}, JDK 17's dump of a live JVM) and keeps running;
     * then the archive goes into place if it opens, and the lock is released either way. Blocks while it writes.
     */
    public void dumpFrom(long pid) {
        try {
            Process dump = new ProcessBuilder(
                            JCMD.toString(), Long.toString(pid), "VM.cds", "dynamic_dump", partial.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!dump.waitFor(DUMP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                dump.destroyForcibly();
            }
        } catch (IOException e) {
            log.accept("class-data archive not written: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            dumped();
        }
    }

    private synchronized void dumped() {
        try {
            if (Files.isRegularFile(partial) && opens(partial)) {
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                VERIFIED.put(archive, stamp(archive));
                log.accept("class-data archive written: " + archive.getFileName());
                removeOthers();
            } else {
                log.accept("class-data archive not written (the JVM ended before it wrote it): starting without it");
            }
        } catch (IOException e) {
            log.accept("class-data archive not written: " + e.getMessage());
        } finally {
            delete(partial);
            delete(lock);
            dumping = false;
        }
    }

    /** The lock file holds the claiming process's id: a lock whose process is gone, or that is old, is taken over. */
    private boolean claim() {
        try {
            Files.writeString(lock, Long.toString(ProcessHandle.current().pid()), StandardOpenOption.CREATE_NEW);
            return true;
        } catch (FileAlreadyExistsException held) {
            try {
                boolean stale = Files.getLastModifiedTime(lock)
                                .toInstant()
                                .isBefore(Instant.now().minus(STALE_LOCK))
                        || !holderAlive(Files.readString(lock).strip());
                if (stale) {
                    Files.delete(lock);
                    Files.writeString(
                            lock, Long.toString(ProcessHandle.current().pid()), StandardOpenOption.CREATE_NEW);
                    return true;
                }
            } catch (IOException lost) {
                // another process took it first
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean holderAlive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid))
                    .map(ProcessHandle::isAlive)
                    .orElse(false);
        } catch (NumberFormatException beingWritten) {
            return true;
        }
    }

    /** Checked once per process, and again if the file has changed since. */
    private boolean usable(Path file) {
        String stamp = stamp(file);
        if (stamp.equals(VERIFIED.get(file))) {
            return true;
        }
        if (opens(file)) {
            VERIFIED.put(file, stamp);
            return true;
        }
        VERIFIED.remove(file);
        return false;
    }

    private static String stamp(Path file) {
        try {
            return Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return "gone";
        }
    }

    /** A JVM with the functions' classpath maps it with {@code -Xshare:on}, which fails on any archive it cannot use. */
    boolean opens(Path file) {
        // A truncated archive crashes this JVM (SIGBUS): its crash report goes beside the archive and is removed.
        Path crashReport = file.resolveSibling(file.getFileName() + ".crash.log");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:on",
                "-XX:SharedArchiveFile=" + file,
                "-XX:ErrorFile=" + crashReport,
                "-XX:-CreateCoredumpOnCrash",
                "-cp",
                classpath,
                "-version");
        try {
            Process check = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!check.waitFor(60, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                return false;
            }
            return check.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            delete(crashReport);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the next start tries again
        }
    }

    /** Archives of other classpaths (older builds): removed, since every build makes a new one. */
    private void removeOthers() {
        try (Stream<Path> files = Files.list(archive.getParent())) {
            files.filter(f -> f.getFileName().toString().endsWith(".jsa") && !f.equals(archive))
                    .forEach(ClassDataArchive::delete);
        } catch (IOException ignored) {
            // nothing to tidy
        }
    }
}
