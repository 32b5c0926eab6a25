package dev.polystack.local.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.polystack.local.SharedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The PostgreSQL that the local stack starts from the binaries Maven brings. */
class PostgresServerIT {
    @Test
    void theLocalClusterRunsAurorasMajorVersion() {
        assumeTrue(System.getenv("DATABASE_URL") == null, "DATABASE_URL names a server of its own");
        assertTrue(
                SharedPostgres.get().version().startsWith(PostgresServer.MAJOR_VERSION + "."),
                SharedPostgres.get().version());
    }

    @Test
    void aClusterLeftByAKilledStackIsStoppedAndDeletedAtTheNextStart() throws Exception {
        Process owner = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        AbandonsACluster.class.getName())
                .redirectErrorStream(true)
                .start();
        Path abandoned;
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = lines.readLine();
            } while (line != null && !line.startsWith("cluster "));
            assertTrue(line != null, "the other process started a cluster");
            abandoned = Path.of(line.substring("cluster ".length()));
        }
        ProcessHandle server = ProcessHandle.of(
                        Long.parseLong(Files.readAllLines(abandoned.resolve("data/postmaster.pid"))
                                .get(0)
                                .strip()))
                .orElseThrow();
        owner.destroyForcibly(); // kill -9: no shutdown hook runs
        assertTrue(owner.waitFor(30, TimeUnit.SECONDS));
        assertTrue(server.isAlive(), "its PostgreSQL outlives it");

        try (PostgresServer next = PostgresServer.startThrowaway("next")) {
            assertFalse(Files.exists(abandoned), "the abandoned cluster is deleted");
            server.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(server.isAlive(), "and its server stopped");
        }
    }

    /** Stacks start beside each other (in this JVM and in local/start processes): a cluster being made is not swept. */
    @Test
    void aClusterDirectoryWithoutItsOwnerFileIsLeftWhileNewAndSweptOnceOld() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path fresh = Files.createTempDirectory(tmp, "polystack-pg-");
        Path old = Files.createTempDirectory(tmp, "polystack-pg-");
        Files.setLastModifiedTime(
                old,
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(120)));
        try (PostgresServer next = PostgresServer.startThrowaway("next")) {
            assertTrue(Files.exists(fresh), "a directory another stack is making: left");
            assertFalse(Files.exists(old), "no owner after a minute: abandoned, deleted");
        } finally {
            Files.deleteIfExists(fresh);
        }
    }

    @Test
    void throwawayClustersAreCopiesOfOneTemplateAndShareNothing() throws Exception {
        assumeTrue(System.getenv("DATABASE_URL") == null, "DATABASE_URL names a server of its own");
        try (PostgresServer one = PostgresServer.startThrowaway("one");
                PostgresServer two = PostgresServer.startThrowaway("two")) {
            Path template =
                    PostgresServer.template().orElseThrow(() -> new AssertionError("a template cluster was made"));
            assertTrue(Files.exists(template.resolve("PG_VERSION")), "the template is an initdb'd cluster");
            assertFalse(Files.exists(template.resolve("postmaster.pid")), "and no server runs in it");
            assertFalse(one.throwawayDirectory().equals(two.throwawayDirectory()));
            try (Connection c = one.connect("one");
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE only_in_one (id int)");
            }
            try (Connection c = two.connect("two");
                    Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_one'")) {
                rows.next();
                assertEquals(0, rows.getInt(1), "a table made in one cluster is not in the other");
            }
            try (Connection c = one.connect("postgres");
                    Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = 'two'")) {
                rows.next();
                assertEquals(0, rows.getInt(1), "nor a database");
            }
        }
    }

    /** A local stack's PostgreSQL, in a process that the test then kills. */
    public static final class AbandonsACluster {
        public static void main(String[] args) throws Exception {
            System.out.println(
                    "cluster " + PostgresServer.startThrowaway("abandoned").throwawayDirectory());
            Thread.sleep(120_000);
        }
    }
}
