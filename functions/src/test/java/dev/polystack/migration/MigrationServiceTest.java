package dev.polystack.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

public class MigrationServiceTest {
    public static final class InMemoryTarget implements MigrationTarget {
        final Map<Integer, String> ledger = new HashMap<>();
        int statementsRun;

        @Override
        public void prepareLedger() {
        }

        @Override
        public Optional<String> applyUnlessRecorded(Migration migration) {
            if (ledger.containsKey(migration.version())) {
                return Optional.of(ledger.get(migration.version()));
            }
            statementsRun += migration.statements().size();
            ledger.put(migration.version(), migration.checksum());
            return Optional.empty();
        }
    }

    @Test
    void appliesEachMigrationOnceInVersionOrder() {
        InMemoryTarget target = new InMemoryTarget();
        List<Migration> migrations = List.of(
                Migration.parse("V2__second.sql", "CREATE TABLE b (id int);"),
                Migration.parse("V1__first.sql", "CREATE TABLE a (id int); CREATE INDEX ON a (id);"));
        assertEquals(List.of(1, 2), new MigrationService(target, migrations).migrate().applied());
        MigrationService.Outcome again = new MigrationService(target, migrations).migrate();
        assertEquals(List.of(), again.applied());
        assertEquals(List.of(1, 2), again.skipped());
        assertEquals(3, target.statementsRun);
    }

    @Test
    void refusesAMigrationEditedAfterItWasApplied() {
        InMemoryTarget target = new InMemoryTarget();
        new MigrationService(target, List.of(Migration.parse("V1__first.sql", "CREATE TABLE a (id int);"))).migrate();
        MigrationService edited = new MigrationService(target, List.of(Migration.parse("V1__first.sql", "CREATE TABLE a (id bigint);")));
        assertThrows(IllegalStateException.class, edited::migrate);
    }

    @Test
    void theIndexListsEveryShippedScript() throws IOException {
        Path dir = Path.of("src/main/resources/db/migration");
        List<String> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
        }
        List<Integer> versions = MigrationService.fromClasspath().stream().map(Migration::version).toList();
        assertEquals(files.size(), versions.size(), "every .sql file is named in index.txt");
        assertTrue(versions.stream().distinct().count() == versions.size(), "versions are unique");
    }

    @Test
    void splitsScriptsOutsideQuotesCommentsAndDollarBodies() {
        List<String> statements = SqlScript.statements("""
                -- a comment; with a semicolon
                CREATE TABLE t (note text DEFAULT 'a;b');
                CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
                /* block; comment */ INSERT INTO t VALUES ('it''s; fine')
                """);
        assertEquals(3, statements.size());
        assertTrue(statements.get(0).endsWith("DEFAULT 'a;b')"));
        assertTrue(statements.get(1).contains("$$ SELECT 1; $$"));
        assertTrue(statements.get(2).contains("'it''s; fine'"));
        assertEquals(2, SqlScript.statements("INSERT INTO t VALUES (E'back\\'slash; kept'); SELECT 1").size(), "E'' strings keep their escaped quotes");
    }
}
