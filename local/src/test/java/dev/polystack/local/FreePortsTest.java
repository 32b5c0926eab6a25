package dev.polystack.local;

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

/** The ports {@code local/start}'s tests give their stacks: spread below the kernel's ephemeral range, not one port. */
class FreePortsTest {
    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    @Test
    void portsAreSpreadBelowTheEphemeralRangeSoATakenPortIsNotTheOnlyChoice() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(RANGE), "no " + RANGE + " here (not Linux)");
        int ephemeralFrom =
                Integer.parseInt(Files.readAllLines(RANGE).get(0).trim().split("\\s+")[0]);
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
}
