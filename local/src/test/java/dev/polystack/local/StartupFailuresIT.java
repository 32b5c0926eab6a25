package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A failed start says what is wrong in one sentence, and leaves nothing running. */
class StartupFailuresIT {
    @Test
    void aPortInUseIsOneClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalBackend.Options options = LocalBackend.Options.forTests().withPort(taken.getLocalPort());
            StartupException failure = assertThrows(StartupException.class, () -> LocalBackend.start(options));
            assertTrue(failure.getMessage().contains("port " + taken.getLocalPort() + " is in use"), failure.getMessage());
        }
    }

    @Test
    void anUnreachableDatabaseUrlIsOneClearMessage() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        LocalBackend.Options options = LocalBackend.Options.forTests()
                .withDatabaseUrl("postgres://nobody:secret@127.0.0.1:" + closedPort + "/nothing");
        StartupException failure = assertThrows(StartupException.class, () -> LocalBackend.start(options));
        assertTrue(failure.getMessage().startsWith("cannot connect to DATABASE_URL"), failure.getMessage());
        assertTrue(!failure.getMessage().contains("secret"), "the password is not echoed");
    }

    @Test
    void aMalformedDatabaseUrlIsOneClearMessage() {
        LocalBackend.Options options = LocalBackend.Options.forTests().withDatabaseUrl("mysql://localhost/db");
        StartupException failure = assertThrows(StartupException.class, () -> LocalBackend.start(options));
        assertTrue(failure.getMessage().contains("DATABASE_URL must look like"), failure.getMessage());
    }
}
