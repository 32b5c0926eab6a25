package dev.polystack.local.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reliability suites' figures, one JSON file per suite under target/reliability/, from which
 * {@code ReliabilityReport} (benchmarks module) writes RELIABILITY.md. Figures are what the run counted, never constants.
 */
public final class Figures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path DIRECTORY = Path.of("target", "reliability");

    private Figures() {}

    public static ObjectNode newFigures() {
        return JSON.createObjectNode();
    }

    public static void write(String suite, ObjectNode figures) {
        try {
            Files.createDirectories(DIRECTORY);
            JSON.writerWithDefaultPrettyPrinter()
                    .writeValue(DIRECTORY.resolve(suite + ".json").toFile(), figures);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
