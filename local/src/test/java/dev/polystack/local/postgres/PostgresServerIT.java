package dev.polystack.local.postgres;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.polystack.local.SharedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The PostgreSQL that the local stack starts from the binaries Maven brings. */
class PostgresServerIT {
    @Test
    void theLocalClusterRunsAurorasMajorVersion() {
        assumeTrue(System.getenv("DATABASE_URL") == null, "DATABASE_URL names a server of its own");
        assertTrue(SharedPostgres.get().version().startsWith(PostgresServer.MAJOR_VERSION + "."), SharedPostgres.get().version());
    }

    @Test
    void aClusterLeftByAKilledStackIsStoppedAndDeletedAtTheNextStart() throws Exception {
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AbandonsACluster.class.getName())
                .redirectErrorStream(true).start();
        Path abandoned;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = lines.readLine();
            } while (line != null && !line.startsWith("cluster "));
            assertTrue(line != null, "the other process started a cluster");
            abandoned = Path.of(line.substring("cluster ".length()));
        }
        ProcessHandle server = ProcessHandle.of(Long.parseLong(Files.readAllLines(abandoned.resolve("data/postmaster.pid")).get(0).strip())).orElseThrow();
        owner.destroyForcibly();  // kill -9: no shutdown hook runs
        assertTrue(owner.waitFor(30, TimeUnit.SECONDS));
        assertTrue(server.isAlive(), "its PostgreSQL outlives it");

        try (PostgresServer next = PostgresServer.startThrowaway("next")) {
            assertFalse(Files.exists(abandoned), "the abandoned cluster is deleted");
            server.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(server.isAlive(), "and its server stopped");
        }
    }

    /** A local stack's PostgreSQL, in a process that the test then kills. */
    public static final class AbandonsACluster {
        public static void main(String[] args) throws Exception {
            System.out.println("cluster " + PostgresServer.startThrowaway("abandoned").throwawayDirectory());
            Thread.sleep(120_000);
        }
    }
}
