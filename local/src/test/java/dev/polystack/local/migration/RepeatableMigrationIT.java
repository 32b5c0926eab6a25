package dev.polystack.local.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.local.FreshDatabase;
import dev.polystack.migration.Migration;
import dev.polystack.migration.MigrationService;
import dev.polystack.migration.adapter.RdsDataMigrationTarget;
import dev.polystack.shared.adapter.DataApi;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shipped migrations and repeatable SQL functions through the real Data API client on a fresh database each. */
class RepeatableMigrationIT {
    FreshDatabase database;
    DataApi db;

    @BeforeEach
    void freshDatabase() {
        database = FreshDatabase.create("migrations");
        db = database.dataApi();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    MigrationService service(List<Migration> migrations) {
        return new MigrationService(new RdsDataMigrationTarget(db), migrations);
    }

    long number(String sql) {
        return db.execute(sql).records().get(0).get(0).longValue();
    }

    @Test
    void theShippedScriptsBuildTheSchemaAndTheFunctionsOnAFreshDatabaseThenChangeNothing() {
        MigrationService.Outcome first =
                service(MigrationService.fromClasspath()).migrate();
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), first.applied());
        assertTrue(
                first.repeatablesApplied()
                        .containsAll(List.of("place_order", "cancel_order", "adjust_stock", "order_json")),
                first.toString());
        assertEquals(1, number("SELECT count(*) FROM pg_proc WHERE proname = 'place_order'"));

        MigrationService.Outcome again =
                service(MigrationService.fromClasspath()).migrate();
        assertEquals(List.of(), again.applied());
        assertEquals(List.of(), again.repeatablesApplied());
    }

    @Test
    void aDatabaseMigratedWithTheEarlierTextsOfTheVersionsIsAccepted() {
        service(MigrationService.fromClasspath()).migrate();
        // What a database migrated before the functions moved out recorded (index.txt's "was" checksums).
        for (Migration m : MigrationService.fromClasspath()) {
            if (m instanceof Migration.Versioned v && !v.formerChecksums().isEmpty()) {
                db.execute(
                        "UPDATE schema_migrations SET checksum = :c WHERE version = :v",
                        DataApi.text("c", v.formerChecksums().iterator().next()),
                        DataApi.number("v", v.version()));
            }
        }
        db.execute("DELETE FROM schema_repeatables");
        MigrationService.Outcome upgraded =
                service(MigrationService.fromClasspath()).migrate();
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), upgraded.skipped());
        assertEquals(8, upgraded.repeatablesApplied().size(), "every function replaced by its current body");
    }

    @Test
    void anEditedFunctionIsReplacedAndAFailedEditLeavesTheLastGoodBody() {
        Migration v1 = Migration.parse(
                "V1__table.sql", "CREATE TABLE probe_source (n int); INSERT INTO probe_source VALUES (1);");
        service(
                        List.of(
                                v1,
                                Migration.parse(
                                        "R__probe.sql",
                                        "CREATE OR REPLACE FUNCTION probe() RETURNS int LANGUAGE sql AS $$ SELECT n FROM probe_source $$;")))
                .migrate();
        assertEquals(1, number("SELECT probe()"));

        MigrationService.Outcome edited = service(
                        List.of(
                                v1,
                                Migration.parse(
                                        "R__probe.sql",
                                        "CREATE OR REPLACE FUNCTION probe() RETURNS int LANGUAGE sql AS $$ SELECT n + 1 FROM probe_source $$;")))
                .migrate();
        assertEquals(List.of("probe"), edited.repeatablesApplied());
        assertEquals(2, number("SELECT probe()"));

        MigrationService broken = service(
                List.of(
                        v1,
                        Migration.parse(
                                "R__probe.sql",
                                "CREATE OR REPLACE FUNCTION probe() RETURNS int LANGUAGE sql AS $$ SELECT 99 $$; SELECT no_such_function();")));
        assertThrows(RuntimeException.class, broken::migrate);
        assertEquals(2, number("SELECT probe()"), "the failed script's first statement was rolled back");
        assertEquals(
                List.of("probe"),
                service(
                                List.of(
                                        v1,
                                        Migration.parse(
                                                "R__probe.sql",
                                                "CREATE OR REPLACE FUNCTION probe() RETURNS int LANGUAGE sql AS $$ SELECT 3 $$;")))
                        .migrate()
                        .repeatablesApplied(),
                "and it was not recorded: the next good text is applied");
    }
}
