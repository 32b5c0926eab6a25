package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The ports of the emulators and of {@code local/start}'s test stacks: never one the kernel could hand to a connection
 * before it is bound, never one this process handed out already, spread rather than one port.
 */
class PortsTest {
    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

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
        assertEquals(kernelsEphemeralFrom(), Ports.ephemeralFrom());
    }

    /** Read with {@code readString} the range began at 3, and every local/start stack of the suite took port 10000. */
    @Test
    void rowsOfPortsAreSpreadBelowTheEphemeralRangeSoATakenPortIsNotTheOnlyChoice() throws Exception {
        int ephemeralFrom = kernelsEphemeralFrom();
        Set<Integer> seen = new HashSet<>();
        ServerSocket held = null;
        try {
            try {
                held = new ServerSocket(10_000, 1, InetAddress.getLoopbackAddress());
            } catch (java.io.IOException alreadyTaken) {
                // taken by something else: the check below holds all the same
            }
            for (int i = 0; i < 20; i++) {
                int first = Ports.freeInARow(3);
                assertNotEquals(10_000, first, "port 10000 is held, so it is not free");
                assertTrue(
                        first >= 10_000 && first + 3 <= ephemeralFrom,
                        first + ": at or above 10000 and below the ephemeral range, which starts at " + ephemeralFrom);
                seen.add(first);
            }
        } finally {
            if (held != null) {
                held.close();
            }
        }
        assertTrue(seen.size() > 1, "twenty picks are not all one port: " + seen);
    }

    /** The kernel's own figure, read as a stream of bytes: the oracle these tests hold {@link Ports} to. */
    private static int kernelsEphemeralFrom() throws java.io.IOException {
        Assumptions.assumeTrue(Files.isReadable(RANGE), "no " + RANGE + " here (not Linux)");
        try (java.io.InputStream in = Files.newInputStream(RANGE)) {
            return Integer.parseInt(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
                    .trim()
                    .split("\\s+")[0]);
        }
    }
}
