package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Nagle's algorithm stays off on every HTTP server of the local stack and its tests: whichever server a JVM makes
 * first fixes the setting for all the others ({@link LoopbackServers}). A suite whose stalling proxy came first once
 * made every server of its JVM answer 40 ms late.
 */
class LoopbackServersTest {
    @Test
    void aServerItMakesIsOnTheLoopbackWithNaglesAlgorithmOff() throws IOException {
        HttpServer server = LoopbackServers.create(0, 1);
        try {
            assertEquals(InetAddress.getLoopbackAddress(), server.getAddress().getAddress());
            assertTrue(server.getAddress().getPort() > 0);
            assertEquals("true", System.getProperty("sun.net.httpserver.nodelay"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void everyHttpServerOfTheLocalStackAndItsTestsIsMadeThere() {
        List<Path> elsewhere;
        try (Stream<Path> files =
                Stream.concat(Files.walk(Path.of("src")), Files.walk(Path.of("..", "benchmarks", "src")))) {
            elsewhere = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.getFileName().toString().equals("LoopbackServers.java")
                            && !file.getFileName().toString().equals("LoopbackServersTest.java"))
                    .filter(file -> read(file).contains("HttpServer.create("))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(List.of(), elsewhere, "these make a server without LoopbackServers.create");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
