package dev.polystack.local.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a function process started against a running stack needs besides the template: the values
 * of the names the template declares (table, bucket, cluster…) and the local wiring (endpoints,
 * credentials). {@code local/start} writes them to a file so that {@code local/invoke} can start a
 * function against it.
 */
public record FunctionVariables(Map<String, String> stackValues, Map<String, String> wiring) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public FunctionVariables {
        stackValues = Map.copyOf(stackValues);
        wiring = Map.copyOf(wiring);
    }

    public LambdaRuntime.Config config(int maxEnvironmentsPerFunction, Consumer<String> log) {
        return new LambdaRuntime.Config(stackValues, wiring, maxEnvironmentsPerFunction, false, log);
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FunctionVariables read(Path file) {
        try {
            return JSON.readValue(file.toFile(), FunctionVariables.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
