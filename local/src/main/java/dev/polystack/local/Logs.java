package dev.polystack.local;

import dev.polystack.local.lambda.SamTemplate;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * {@code local/logs <Function> [--follow]}, the counterpart of {@code sam logs -n <Function> [--tail]}:
 * prints what the local runtime kept of the function's log since {@code local/start} began (each line
 * after its UTC time: the function's own lines, {@code START}, {@code END} and {@code REPORT}), and with
 * {@code --follow} keeps printing new lines until Ctrl-C.
 */
public final class Logs {
    private Logs() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, Main.FUNCTION_LOGS, () -> true));
    }

    /**
     * The exit status: 0, or 2 for a usage error. {@code following} says whether {@code --follow}
     * should go on (a test stops it; the command runs until Ctrl-C).
     */
    static int run(String[] args, PrintStream out, PrintStream err, Path directory, BooleanSupplier following) {
        String function = null;
        boolean follow = false;
        for (String arg : args) {
            switch (arg) {
                case "-f", "--follow", "-t", "--tail" -> follow = true;
                default -> function = arg.startsWith("-") ? null : arg;
            }
        }
        if (function == null) {
            err.println(
                    "usage: local/logs <Function> [--follow]   (functions: the logical ids of template.yaml without 'Function')");
            return 2;
        }
        SamTemplate template = SamTemplate.read(SamTemplate.locate());
        if (!template.functions().containsKey(function)) {
            err.println("polystack: no function " + function + " in template.yaml; functions: "
                    + String.join(", ", template.functions().keySet()));
            return 2;
        }
        Path file = directory.resolve(function + ".log");
        if (!follow && !Files.exists(file)) {
            err.println("polystack: no log of " + function
                    + " yet: it has not run since local/start began (or local/start is not running)");
            return 0;
        }
        try {
            long position = 0;
            do {
                position = copyFrom(file, position, out);
                if (follow) {
                    Thread.sleep(200);
                }
            } while (follow && following.getAsBoolean());
            copyFrom(file, position, out);
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (IOException e) {
            err.println("polystack: cannot read " + file + ": " + e.getMessage());
            return 2;
        }
    }

    /** Prints the file's whole lines after {@code position}; the new position (0 again when a new start began the file afresh). */
    private static long copyFrom(Path file, long position, PrintStream out) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length < position) {
                position = 0;
            }
            if (length == position) {
                return position;
            }
            byte[] bytes = new byte[(int) (length - position)];
            in.seek(position);
            in.readFully(bytes);
            int end = lastNewline(bytes);
            if (end < 0) {
                return position;
            }
            out.print(new String(bytes, 0, end + 1, StandardCharsets.UTF_8));
            out.flush();
            return position + end + 1;
        }
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
