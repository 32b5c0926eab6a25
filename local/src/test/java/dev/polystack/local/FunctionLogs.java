package dev.polystack.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Function processes' output goes to target/function-logs-&lt;suite&gt;.log, not into the build output. */
public final class FunctionLogs {
    private FunctionLogs() {}

    public static Consumer<String> file(String suite) {
        try {
            PrintWriter out = new PrintWriter(
                    Files.newBufferedWriter(Path.of("target", "function-logs-" + suite + ".log")), true);
            return line -> {
                synchronized (out) {
                    out.println(line);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
