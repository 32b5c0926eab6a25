package dev.polystack.local.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What CloudWatch Logs keeps of each function, one file a function ({@code <Function>.log}): every
 * line the function's processes write, with {@code START}, {@code END} and {@code REPORT}, each
 * after its UTC timestamp. A start of the stack begins them afresh; {@code local/logs} reads them.
 */
final class FunctionLogFiles implements AutoCloseable {
    private final Path directory;
    private final Map<String, Writer> writers = new HashMap<>();

    FunctionLogFiles(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
            try (var old = Files.newDirectoryStream(directory, "*.log")) {
                for (Path file : old) {
                    Files.delete(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the function log folder " + directory, e);
        }
    }

    /** The file {@code local/logs} reads for a function. */
    static Path file(Path directory, String function) {
        return directory.resolve(function + ".log");
    }

    synchronized void append(String function, String line) {
        try {
            Writer writer = writers.get(function);
            if (writer == null) {
                writer = Files.newBufferedWriter(
                        file(directory, function),
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                writers.put(function, writer);
            }
            writer.write(Instant.now() + " " + line + "\n");
            writer.flush();
        } catch (IOException e) {
            // a full disk must not fail an invocation; the console still has the line
        }
    }

    @Override
    public synchronized void close() {
        writers.values().forEach(writer -> {
            try {
                writer.close();
            } catch (IOException ignored) {
                // closing
            }
        });
        writers.clear();
    }
}
