package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The emulators' ports: never one the kernel could hand to a connection before the emulator binds it, never one this
 * process handed out already.
 */
class PortsTest {
    @Test
    void portsComeFromBelowTheEphemeralRangeAndAreNeverHandedOutTwice() {
        int ephemeralFrom = Ports.ephemeralFrom();
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = Ports.free();
            assertTrue(
                    port >= Ports.LOWEST && port < ephemeralFrom,
                    port + " is below the ephemeral range (from " + ephemeralFrom + ") and at or above "
                            + Ports.LOWEST);
            assertTrue(ports.add(port), port + " was handed out twice");
            assertTrue(Ports.bindable(port), port + " is free");
        }
    }

    @Test
    void theEphemeralRangeIsReadWholeFromTheKernel() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(range), "no " + range + " here (not Linux)");
        String first;
        try (java.io.InputStream in = Files.newInputStream(range)) {
            first = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
                    .trim()
                    .split("\\s+")[0];
        }
        assertEquals(Integer.parseInt(first), Ports.ephemeralFrom());
    }
}
