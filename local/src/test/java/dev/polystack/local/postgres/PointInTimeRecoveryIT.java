package dev.polystack.local.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.local.Lanes;
import dev.polystack.local.LocalBackend;
import dev.polystack.local.StackOptions;
import dev.polystack.local.StartupException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * PostgreSQL's point-in-time recovery on the local cluster: rows committed before T are in the
 * restored cluster, rows committed after T are not, and the restored cluster is a new server (its own
 * port) that takes writes, while the old one runs on with everything.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Lanes.OWN_STACKS)
class PointInTimeRecoveryIT {
    @Test
    void aRestoreToTKeepsWhatWasCommittedBeforeTAndNothingAfter() throws Exception {
        try (PostgresServer server = PostgresServer.startThrowaway("pitr", true)) {
            run(server, "CREATE TABLE events (name text PRIMARY KEY)");
            PointInTimeRecovery recovery = PointInTimeRecovery.baseBackup(server);
            run(server, "INSERT INTO events VALUES ('before-1')");
            run(server, "INSERT INTO events VALUES ('before-2')");
            Thread.sleep(20);
            Instant t = Instant.now();
            Thread.sleep(20);
            run(server, "INSERT INTO events VALUES ('after')");
            run(server, "DELETE FROM events WHERE name = 'before-1'");
            recovery.archiveUpToNow();

            try (PostgresServer restored = recovery.restoreTo(t)) {
                assertNotEquals(server.port(), restored.port(), "a new server");
                assertEquals(List.of("before-1", "before-2"), names(restored));
                assertEquals("f", query(restored, "SELECT pg_is_in_recovery()"), "promoted before it is handed out");
                run(restored, "INSERT INTO events VALUES ('written-after-the-restore')");
                assertEquals(3, names(restored).size(), "promoted: it takes writes");
                assertEquals(List.of("after", "before-2"), names(server), "the old one runs on as it was");
            }
        }
    }

    @Test
    void aClusterThatDoesNotArchiveItsWalCannotBeBackedUpForARestore() {
        try (PostgresServer server = PostgresServer.startThrowaway("nopitr")) {
            assertThrows(IllegalStateException.class, () -> PointInTimeRecovery.baseBackup(server));
        }
    }

    @Test
    void aStackAskedForPointInTimeRecoveryOnAnotherPostgresqlRefusesToStart() {
        StartupException refused = assertThrows(
                StartupException.class,
                () -> LocalBackend.start(StackOptions.forTests().toBuilder()
                        .databaseUrl("postgres://postgres@127.0.0.1:5432/polystack")
                        .pointInTimeRecovery(true)
                        .build()));
        assertTrue(refused.getMessage().contains("unset DATABASE_URL"), refused.getMessage());
    }

    private static void run(PostgresServer server, String sql) throws SQLException {
        try (Connection connection = server.connect(server.database());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(PostgresServer server, String sql) throws SQLException {
        try (Connection connection = server.connect(server.database());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static List<String> names(PostgresServer server) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = server.connect(server.database());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT name FROM events ORDER BY name")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
