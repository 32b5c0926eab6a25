package dev.polystack.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.local.lambda.LambdaRuntime;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A local stack that runs every function as a process, with DynamoDB behind a {@link StallingProxy}
 * so that a suite can hold, fail or time out the functions' store calls. Most suites share one
 * ({@link SharedProcessStack}); a suite that needs a template or settings of its own starts its own.
 */
public final class ProcessStack implements AutoCloseable {
    /** How long {@link #eventually} waits for a condition before it gives up. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    public final LocalBackend backend;
    public final StallingProxy dynamo;
    public final StackClient api;
    private final List<Consumer<String>> listeners;

    private ProcessStack(LocalBackend backend, StallingProxy dynamo, List<Consumer<String>> listeners) {
        this.backend = backend;
        this.dynamo = dynamo;
        this.api = new StackClient(backend.gatewayEndpoint());
        this.listeners = listeners;
    }

    /**
     * @param template  null for the project's template.yaml
     * @param relay     how often the schedules fire on their own; null: only when the suite fires them
     * @param variables what the suite adds to every function's environment
     */
    public static ProcessStack start(String suite, Path template, Duration relay, Map<String, String> variables)
            throws Exception {
        StallingProxy dynamo = new StallingProxy();
        Map<String, String> all = new HashMap<>(variables);
        all.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString());
        List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
        Consumer<String> file = FunctionLogs.file(suite);
        StackOptions options = StackOptions.forTests().toBuilder()
                .functions(StackOptions.FunctionMode.PROCESS, template, line -> {
                    file.accept(line);
                    listeners.forEach(listener -> listener.accept(line));
                })
                .functionVariables(all)
                .relayEvery(relay)
                .build();
        try {
            LocalBackend backend = LocalBackend.start(options);
            dynamo.target(backend.endpoints().get("DynamoDB"));
            return new ProcessStack(backend, dynamo, listeners);
        } catch (RuntimeException e) {
            dynamo.close();
            throw e;
        }
    }

    public LambdaRuntime runtime() {
        return (LambdaRuntime) backend.functions();
    }

    /** Function processes' output lines (each prefixed {@code [Function] }) also go to {@code listener} until the returned handle is closed. */
    public AutoCloseable listen(Consumer<String> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Polls {@code probe} until it gives {@code expected} (or {@link #PATIENCE} runs out: the last answer),
     * firing every schedule (the relay, the erasure pickup) before each look, as their timers would.
     */
    public String eventuallyWithSchedules(Supplier<String> probe, String expected) throws InterruptedException {
        return eventually(
                () -> {
                    backend.schedules().fireAll();
                    return probe.get();
                },
                expected);
    }

    /** Polls {@code probe} every 50 ms until it gives {@code expected}, or {@link #PATIENCE} runs out: the last answer. */
    public static String eventually(Supplier<String> probe, String expected) throws InterruptedException {
        String last = null;
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (expected.equals(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        return last;
    }

    /** PUTs the bytes to a presigned upload answer ({@code url} and {@code headers}, as the API gives them): the status. */
    public static int putUpload(JsonNode upload, byte[] bytes) {
        HttpRequest.Builder put = HttpRequest.newBuilder(
                        URI.create(upload.get("url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        upload.get("headers").fields().forEachRemaining(h -> {
            if (!h.getKey().equalsIgnoreCase("content-length")) {
                put.header(h.getKey(), h.getValue().asText());
            }
        });
        return StackClient.send(put).statusCode();
    }

    @Override
    public void close() {
        backend.close();
        dynamo.close();
    }
}
