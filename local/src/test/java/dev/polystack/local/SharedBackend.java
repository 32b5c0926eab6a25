package dev.polystack.local;

import dev.polystack.shared.InvocationLog;
import dev.polystack.shared.JsonLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * One local stack for the whole test JVM (the functions' context is process-wide, as in Lambda),
 * started on first use on free ports and stopped when the JVM exits.
 */
public final class SharedBackend {
    private static LocalBackend backend;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    public static final CallCounter CALLS = new CallCounter();

    private SharedBackend() {}

    public static synchronized LocalBackend get() {
        if (backend == null) {
            keepFunctionLogsInAFile();
            backend = LocalBackend.start(options().withInterceptors(List.<ExecutionInterceptor>of(CALLS)));
            LocalBackend started = backend;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-test-backend"));
        }
        return backend;
    }

    /** This stack's options (without {@link #CALLS}): a suite that needs a stack like it but empty starts one with them. */
    public static StackOptions options() {
        // Every suite speaks from 127.0.0.1: per-address limits high enough for all of them (LimitsIT tests the
        // limits on a stack of its own).
        StackOptions options = StackOptions.forTests()
                .withFunctionVariables(java.util.Map.of(
                        "SIGNUPS_PER_IP",
                        "100000",
                        "LOGIN_FAILING_ACCOUNTS_PER_IP",
                        "10000",
                        // Erasures finish at the first pickup 2 s after they were accepted (ErasureIT), not 16
                        // minutes.
                        "ERASURE_GRACE",
                        "PT2S"))
                // The local edge cache in front of the gateway, as local/start runs it (EdgeIT).
                .withEdgePort(0);
        if (AwsEmulator.requested()) {
            options = options.withAwsEndpoint(AwsEmulator.endpoint());
        }
        return options;
    }

    private static boolean logsInAFile;

    /** The functions' JSON log lines go to target/function-logs.jsonl, not into the build output (once per JVM). */
    public static synchronized void keepFunctionLogsInAFile() {
        if (logsInAFile) {
            return;
        }
        logsInAFile = true;
        try {
            java.io.PrintWriter out = new java.io.PrintWriter(
                    java.nio.file.Files.newBufferedWriter(java.nio.file.Path.of("target", "function-logs.jsonl")),
                    true);
            InvocationLog.redirect((level, line) -> {
                synchronized (out) {
                    out.println(JsonLine.of(line));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static HttpResponse<String> send(HttpRequest.Builder request) {
        return StackClient.send(request);
    }

    public static byte[] sendBytes(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                    .body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(get().gatewayEndpoint() + path));
    }
}
