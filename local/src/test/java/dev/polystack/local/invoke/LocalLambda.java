package dev.polystack.local.invoke;

import dev.polystack.local.FunctionLogs;
import dev.polystack.local.SharedBackend;
import dev.polystack.local.lambda.FunctionVariables;
import dev.polystack.local.lambda.LambdaRuntime;
import dev.polystack.local.lambda.SamTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The project's functions in their own processes behind a Lambda Invoke API, against the shared
 * stack's stores, from a copy of template.yaml with some functions given a
 * {@code ReservedConcurrentExecutions} (the copy sits in a folder whose {@code functions} links to the
 * project's, so its {@code CodeUri} finds the same jar).
 */
public final class LocalLambda implements AutoCloseable {
    static final Path PROJECT = SamTemplate.locate().getParent();

    /** Health: reserved 0, always throttled; GetProduct: reserved 1; ListProducts: reserved 5, to scale out to. */
    static final Map<String, Integer> RESERVED = Map.of("Health", 0, "GetProduct", 1, "ListProducts", 5);

    private static LocalLambda shared;

    public final LambdaRuntime runtime;
    final LambdaInvokeApi api;
    final List<String> output = new CopyOnWriteArrayList<>();
    private final Path folder;

    public LocalLambda(Map<String, Integer> reserved, int concurrency, Duration firstRetryDelay) {
        this.folder = templateWith(reserved);
        SamTemplate template = SamTemplate.read(folder.resolve("template.yaml"));
        FunctionVariables stack = SharedBackend.get().functionVariables();
        var toFile = FunctionLogs.file("invoke-api");
        runtime = new LambdaRuntime(template, stack.config(concurrency, line -> {
            output.add(line);
            toFile.accept(line);
        }));
        api = LambdaInvokeApi.bind(0, 0).start(runtime, template, firstRetryDelay, output::add);
    }

    /** One for every suite of the test JVM (function processes are not cheap), stopped when it exits. */
    static synchronized LocalLambda shared() {
        if (shared == null) {
            shared = new LocalLambda(RESERVED, 10, Duration.ofMillis(300));
            LocalLambda started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-local-lambda"));
        }
        return shared;
    }

    public URI endpoint() {
        return api.endpoint();
    }

    /** The REPORT lines the runtime logged for a function so far: one an invocation. */
    long reports(String function) {
        return output.stream()
                .filter(line -> line.startsWith("[" + function + "] REPORT RequestId: "))
                .count();
    }

    static Path templateWith(Map<String, Integer> reserved) {
        try {
            Path folder = Files.createTempDirectory("polystack-invoke-template");
            Files.createSymbolicLink(folder.resolve("functions"), PROJECT.resolve("functions"));
            String text = Files.readString(PROJECT.resolve("template.yaml"));
            for (var entry : reserved.entrySet()) {
                var properties = Pattern.compile(
                        "(?m)^  " + entry.getKey()
                                + "Function:\\n    Type: AWS::Serverless::Function\\n(?:    Metadata:\\n      SkipBuild: true\\n)?    Properties:\\n");
                var match = properties.matcher(text);
                if (!match.find()) {
                    throw new IllegalStateException("no " + entry.getKey() + "Function in template.yaml");
                }
                // The function's own setting from the definition, if any, gives way to the test's.
                var nextResource = Pattern.compile("(?m)^  \\S").matcher(text);
                int blockEnd = nextResource.find(match.end()) ? nextResource.start() : text.length();
                String rest = text.substring(match.end(), blockEnd)
                        .replaceAll("(?m)^      ReservedConcurrentExecutions: .+\n", "");
                text = text.substring(0, match.end()) + "      ReservedConcurrentExecutions: " + entry.getValue() + "\n"
                        + rest + text.substring(blockEnd);
            }
            Files.writeString(folder.resolve("template.yaml"), text);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        api.close();
        runtime.close();
        try {
            Files.deleteIfExists(folder.resolve("functions"));
            Files.deleteIfExists(folder.resolve("template.yaml"));
            Files.deleteIfExists(folder);
        } catch (IOException ignored) {
            // a temporary folder
        }
    }
}
