package dev.polystack.local.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.local.SharedPostgres;
import dev.polystack.local.dataapi.DataApiEmulator;
import dev.polystack.local.postgres.PostgresServer;
import dev.polystack.migration.Migration;
import dev.polystack.migration.MigrationService;
import dev.polystack.migration.adapter.RdsDataMigrationTarget;
import dev.polystack.shared.adapter.DataApi;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;

/** The shipped migrations and repeatable SQL functions through the real Data API client on a fresh database each. */
class RepeatableMigrationIT {
    static final String CLUSTER = "arn:aws:rds:us-east-1:000000000000:cluster:migrations";
    static final String SECRET = "arn:aws:secretsmanager:us-east-1:000000000000:secret:migrations";
    static final AtomicLong DATABASES = new AtomicLong();

    static PostgresServer pg;
    RdsDataClient client;
    DataApiEmulator emulator;
    DataApi db;

    @BeforeAll
    static void start() {
        pg = SharedPostgres.get();
    }

    @BeforeEach
    void freshDatabase() throws Exception {
        String name = "migrations_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = pg.connect(pg.database())) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        emulator = DataApiEmulator.start(
                new DataApiEmulator.Config(
                        CLUSTER,
                        SECRET,
                        name,
                        pg.host(),
                        pg.port(),
                        pg.user(),
                        pg.password(),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5)),
                0);
        client = RdsDataClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        db = new DataApi(client, CLUSTER, SECRET, name);
    }

    @AfterEach
    void stopEmulator() {
        client.close();
        emulator.close();
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
