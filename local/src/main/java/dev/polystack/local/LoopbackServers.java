package dev.polystack.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Every HTTP server of the local stack (the gateway, the edge cache, the Data API, Firehose and Lambda Invoke API
 * emulators, each execution environment's runtime API), and the tests' own, is made here: on the loopback
 * interface, with Nagle's algorithm off.
 *
 * <p>The JDK's server reads {@code sun.net.httpserver.nodelay} once, when the JVM makes its first server, and leaves
 * Nagle's algorithm on by default: every small response then waits for the client's delayed ACK, about 40 ms on
 * Linux. So the property is set before any server of this JVM is made, whichever comes first (a test's proxy came
 * first once, and every server of that JVM answered 40 ms late: docs/testing-speed.md).
 */
public final class LoopbackServers {
    static {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private LoopbackServers() {}

    /** Bound, not started; port 0 picks a free one. */
    public static HttpServer create(int port, int backlog) throws IOException {
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
    }
}
