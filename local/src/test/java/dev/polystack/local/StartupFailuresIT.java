package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** A failed start says what is wrong in one sentence, and leaves nothing running. */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Lanes.OWN_STACKS)
class StartupFailuresIT {
    @TempDir
    Path dataDir;

    @Test
    void aPortInUseIsOneClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StackOptions options = StackOptions.forTests().withPort(taken.getLocalPort());
            StartupException failure = assertThrows(StartupException.class, () -> LocalBackend.start(options));
            assertTrue(
                    failure.getMessage().contains("port " + taken.getLocalPort() + " is in use"), failure.getMessage());
        }
    }

    @Test
    void anUnreachableDatabaseUrlIsOneClearMessage() throws Exception {
        // Free and below the ephemeral range: no connection of this machine can be holding it meanwhile.
        int closedPort = Ports.free();
        StackOptions options = StackOptions.forTests()
                .withDatabaseUrl("postgres://nobody:secret@127.0.0.1:" + closedPort + "/nothing");
        StartupException failure = assertThrows(StartupException.class, () -> LocalBackend.start(options));
        assertTrue(failure.getMessage().startsWith("cannot connect to DATABASE_URL"), failure.getMessage());
        assertTrue(!failure.getMessage().contains("secret"), "the password is not echoed");
    }

    @Test
    void aMalformedDatabaseUrlIsOneClearMessage() {
        StackOptions options = StackOptions.forTests().withDatabaseUrl("mysql://localhost/db");
        StartupException failure = assertThrows(StartupException.class, () -> LocalBackend.start(options));
        assertTrue(failure.getMessage().contains("DATABASE_URL must look like"), failure.getMessage());
    }

    @Test
    void aPostgresqlThatCannotStartIsOneClearMessage() throws Exception {
        // Something else's files where the cluster should go: initdb refuses a directory that is not empty.
        StartupException failure = startWithClusterDirectoryHolding("notes.txt", "not a PostgreSQL cluster");
        assertTrue(
                failure.getMessage()
                        .startsWith(
                                "the PostgreSQL 16 binaries could not be unpacked or started: initdb: error: directory"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("exists but is not empty"), failure.getMessage());
    }

    @Test
    void aKeptClusterOfAnotherMajorVersionIsOneClearMessage() throws Exception {
        StartupException failure = startWithClusterDirectoryHolding("PG_VERSION", "15\n");
        assertEquals(
                dataDir.resolve("postgres/data")
                        + " holds a PostgreSQL 15 cluster, and the local stack runs PostgreSQL 16 (Aurora's): "
                        + "move that directory away to start afresh, or set DATABASE_URL",
                failure.getMessage());
    }

    /** Starts with {@code --data-dir} whose PostgreSQL cluster directory already holds this one file. */
    private StartupException startWithClusterDirectoryHolding(String file, String content) throws Exception {
        Files.createDirectories(dataDir.resolve("postgres/data"));
        Files.writeString(dataDir.resolve("postgres/data").resolve(file), content);
        StackOptions options = StackOptions.forTests().withDatabaseUrl(null).withDataDir(dataDir);
        return assertThrows(StartupException.class, () -> LocalBackend.start(options));
    }
}
