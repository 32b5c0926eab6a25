package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What `local/start` runs, as a separate process: it comes up, serves, and Ctrl-C (SIGINT) leaves nothing behind. */
class LocalStartIT {
    @Test
    void startsServesAndStopsCleanlyOnCtrlC() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--port", Integer.toString(port))
                .redirectErrorStream(true)
                .start();
        List<String> output = new ArrayList<>();
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.contains("ready at http://127.0.0.1:" + port)) {
                        ready.complete(true);
                    }
                }
            } catch (Exception ignored) {
                // the process ended
            }
            ready.complete(false);
        });
        reader.start();
        try {
            assertTrue(ready.get(120, TimeUnit.SECONDS), () -> "no ready line; output: " + output);
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(clusterOf(process.pid()).isPresent(), "its PostgreSQL cluster exists while it runs");

            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor());
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "it stops on Ctrl-C");
        } finally {
            process.destroyForcibly();
        }
        reader.join(10_000);
        assertFalse(clusterOf(process.pid()).isPresent(), "its PostgreSQL cluster is stopped and deleted");
        synchronized (output) {
            assertTrue(output.stream().anyMatch(line -> line.contains("stopping")), output.toString());
        }
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, again.getLocalPort(), "the port is free again");
        }
    }

    /** The throwaway cluster directory whose owner is this process, if any. */
    static java.util.Optional<Path> clusterOf(long pid) throws Exception {
        try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("polystack-pg-")).toList()) {
                Path owner = dir.resolve("owner.pid");
                if (Files.exists(owner) && Files.readString(owner).strip().equals(Long.toString(pid))) {
                    return java.util.Optional.of(dir);
                }
            }
        }
        return java.util.Optional.empty();
    }
}
