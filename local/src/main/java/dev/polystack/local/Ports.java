package dev.polystack.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for the emulators that cannot bind port 0 themselves. A port is free when asked
 * for and bound later (PostgreSQL binds its own after initdb), so this process never hands out the
 * same port twice: the stores start at the same time, and one must not take another's.
 *
 * <p>The ports come from below Linux's ephemeral range ({@code /proc/sys/net/ipv4/ip_local_port_range}), where the
 * kernel puts neither outgoing connections nor port-0 listeners: a port the kernel handed out for a probe is in that
 * range, and any connection of any process could take it before the emulator binds it (it happened in a suite run:
 * "DynamoDB Local did not start: Failed to bind to 0.0.0.0/0.0.0.0:35649").
 */
public final class Ports {
    /** The lowest port handed out: above the well-known and most registered services' ports. */
    static final int LOWEST = 10_000;

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {}

    public static int free() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = freeInARow(1);
            if (HANDED_OUT.add(port)) { // another thread may have taken it since
                return port;
            }
        }
        throw new StartupException("no free port on 127.0.0.1 that this process has not handed out already");
    }

    /**
     * The first of {@code count} free ports in a row that this process has not handed out: one for {@link #free}, three
     * for a {@code local/start --port p}, which binds {@code p} (the gateway), {@code p + 1} (the Invoke API) and
     * {@code p + 2} (the edge) itself. From below the ephemeral range, where no connection can take one before it is
     * bound ("port 41399 is in use", the edge's, in a suite run when the first came from a port-0 probe).
     */
    public static int freeInARow(int count) {
        int below = ephemeralFrom();
        for (int attempt = 0; attempt < 200; attempt++) {
            int first = LOWEST + ThreadLocalRandom.current().nextInt(below - count - LOWEST);
            boolean free = true;
            for (int port = first; free && port < first + count; port++) {
                free = !HANDED_OUT.contains(port) && bindable(port);
            }
            if (free) {
                return first;
            }
        }
        throw new StartupException("no " + (count == 1 ? "free port" : count + " free ports in a row")
                + " on 127.0.0.1 between " + LOWEST + " and " + below + " that this process has not handed out");
    }

    /**
     * The first port of the kernel's ephemeral range (Linux's default, 32768, where the file cannot be read or leaves
     * no room above {@link #LOWEST}). Read by lines: {@code Files.readString} returns this sysctl file's first byte alone.
     */
    public static int ephemeralFrom() {
        int from = 32_768;
        if (Files.isReadable(EPHEMERAL_RANGE)) {
            try {
                from = Integer.parseInt(
                        Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
            } catch (IOException | RuntimeException unreadable) {
                // unreadable, or not the "first last" pair Linux writes: keep the default
            }
        }
        return from > LOWEST + 1_000 ? from : 32_768;
    }

    /** Whether {@code port} can be bound on the loopback address now (bound, then closed again at once). */
    public static boolean bindable(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
