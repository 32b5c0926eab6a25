package dev.polystack.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

public class MigrationServiceTest {
    @Test
    void appliesEachMigrationOnceInVersionOrder() {
        InMemoryMigrationTarget target = new InMemoryMigrationTarget();
        List<Migration> migrations = List.of(
                Migration.parse("V2__second.sql", "CREATE TABLE b (id int);"),
                Migration.parse("V1__first.sql", "CREATE TABLE a (id int); CREATE INDEX ON a (id);"));
        assertEquals(
                List.of(1, 2),
                new MigrationService(target, migrations).migrate().applied());
        MigrationService.Outcome again = new MigrationService(target, migrations).migrate();
        assertEquals(List.of(), again.applied());
        assertEquals(List.of(1, 2), again.skipped());
        assertEquals(3, target.statementsRun);
    }

    @Test
    void refusesAMigrationEditedAfterItWasApplied() {
        InMemoryMigrationTarget target = new InMemoryMigrationTarget();
        new MigrationService(target, List.of(Migration.parse("V1__first.sql", "CREATE TABLE a (id int);"))).migrate();
        MigrationService edited =
                new MigrationService(target, List.of(Migration.parse("V1__first.sql", "CREATE TABLE a (id bigint);")));
        assertThrows(IllegalStateException.class, edited::migrate);
    }

    @Test
    void theIndexListsEveryShippedScript() throws IOException {
        Path dir = Path.of("src/main/resources/db/migration");
        List<String> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".sql"))
                    .sorted()
                    .toList();
        }
        List<Migration> shipped = MigrationService.fromClasspath();
        assertEquals(files.size(), shipped.size(), "every .sql file is named in index.txt");
        List<Integer> versions = shipped.stream()
                .flatMap(m -> m instanceof Migration.Versioned v ? Stream.of(v.version()) : Stream.empty())
                .toList();
        assertTrue(versions.stream().distinct().count() == versions.size(), "versions are unique");
    }

    @Test
    void repeatableScriptsRunAfterEveryVersionInNameOrderAndAgainOnlyWhenTheirTextChanges() {
        InMemoryMigrationTarget target = new InMemoryMigrationTarget();
        Migration v1 = Migration.parse("V1__first.sql", "CREATE TABLE a (id int);");
        Migration fOld = Migration.parse(
                "R__f.sql", "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;");
        Migration g = Migration.parse(
                "R__g.sql", "CREATE OR REPLACE FUNCTION g() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;");
        MigrationService.Outcome first = new MigrationService(target, List.of(g, fOld, v1)).migrate();
        assertEquals(List.of("V1", "R f", "R g"), target.ran);
        assertEquals(List.of("f", "g"), first.repeatablesApplied());

        assertEquals(
                List.of(),
                new MigrationService(target, List.of(g, fOld, v1)).migrate().repeatablesApplied(),
                "unchanged: not run again");

        Migration fNew = Migration.parse(
                "R__f.sql", "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;");
        MigrationService.Outcome edited = new MigrationService(target, List.of(g, fNew, v1)).migrate();
        assertEquals(List.of("f"), edited.repeatablesApplied(), "the edited script alone is applied again");
        assertEquals(List.of(1), edited.skipped());
    }

    @Test
    void editingARepeatableScriptChangesTheChecksumTheDeployAsksFor() {
        Migration v1 = Migration.parse("V1__first.sql", "CREATE TABLE a (id int);");
        String before = MigrationService.checksum(List.of(v1, Migration.parse("R__f.sql", "SELECT 1")));
        assertNotEquals(before, MigrationService.checksum(List.of(v1, Migration.parse("R__f.sql", "SELECT 2"))));
        assertEquals(
                before,
                MigrationService.checksum(List.of(Migration.parse("R__f.sql", "SELECT 1"), v1)),
                "order of the list does not matter");
    }

    @Test
    void aDatabaseThatRecordedAnEarlierTextOfAVersionIsAcceptedAndAnyOtherTextRefused() {
        String earlier = "CREATE TABLE a (id int); CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;";
        InMemoryMigrationTarget target = new InMemoryMigrationTarget();
        new MigrationService(target, List.of(Migration.parse("V1__first.sql", earlier))).migrate();

        Migration now = Migration.parse("V1__first.sql", "CREATE TABLE a (id int);", Set.of(Migration.sha256(earlier)));
        assertEquals(
                List.of(1), new MigrationService(target, List.of(now)).migrate().skipped());

        Migration other = Migration.parse(
                "V1__first.sql", "CREATE TABLE a (id int);", Set.of(Migration.sha256("something else")));
        assertThrows(IllegalStateException.class, new MigrationService(target, List.of(other))::migrate);
    }

    /** The rule this layout keeps: a function's current body is in exactly one repeatable script. */
    @Test
    void everySqlFunctionIsDefinedInExactlyOneRepeatableScriptAndNoVersionedOne() throws IOException {
        Pattern definition = Pattern.compile("(?i)CREATE\\s+(?:OR\\s+REPLACE\\s+)?FUNCTION\\s+(\\w+)");
        Map<String, String> definedIn = new HashMap<>();
        Path dir = Path.of("src/main/resources/db/migration");
        try (Stream<Path> listing = Files.list(dir)) {
            for (Path file :
                    listing.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
                String name = file.getFileName().toString();
                Matcher found = definition.matcher(stripComments(Files.readString(file)));
                while (found.find()) {
                    assertTrue(
                            name.startsWith("R__"),
                            name + " defines function " + found.group(1) + ": move it to its R__ script");
                    String earlier = definedIn.put(found.group(1), name);
                    assertTrue(
                            earlier == null || earlier.equals(name),
                            found.group(1) + " is defined in both " + earlier + " and " + name);
                }
            }
        }
        assertTrue(definedIn.containsKey("place_order"), "place_order found: " + definedIn);
    }

    private static String stripComments(String sql) {
        return sql.replaceAll("--[^\\n]*", "");
    }

    @Test
    void aScriptNamedNeitherWayIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Migration.parse("place_order.sql", "SELECT 1"));
        assertThrows(IllegalArgumentException.class, () -> Migration.parse("R__f.sql", "SELECT 1", Set.of("ab")));
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
        assertEquals(
                2,
                SqlScript.statements("INSERT INTO t VALUES (E'back\\'slash; kept'); SELECT 1")
                        .size(),
                "E'' strings keep their escaped quotes");
    }
}
