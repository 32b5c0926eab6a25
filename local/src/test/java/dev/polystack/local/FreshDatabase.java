package dev.polystack.local;

import dev.polystack.local.dataapi.DataApiEmulator;
import dev.polystack.local.postgres.PostgresServer;
import dev.polystack.migration.MigrationService;
import dev.polystack.migration.adapter.RdsDataMigrationTarget;
import dev.polystack.shared.adapter.DataApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;

/**
 * An empty database of its own on the test JVM's PostgreSQL, behind a Data API emulator of its own and
 * reached through the real Data API client: for tests that own the whole schema (the migrations) or
 * must not share tables with the running stack. Closing it stops the emulator; the database is left to
 * the throwaway cluster.
 */
public final class FreshDatabase implements AutoCloseable {
    static final String CLUSTER = "arn:aws:rds:us-east-1:000000000000:cluster:fresh";
    static final String SECRET = "arn:aws:secretsmanager:us-east-1:000000000000:secret:fresh";
    private static final AtomicLong DATABASES = new AtomicLong();
    private static String migratedTemplate;

    private final DataApiEmulator emulator;
    private final RdsDataClient client;
    private final DataApi dataApi;

    private FreshDatabase(DataApiEmulator emulator, RdsDataClient client, DataApi dataApi) {
        this.emulator = emulator;
        this.client = client;
        this.dataApi = dataApi;
    }

    /** A new, empty database named {@code <prefix>_<pid>_<n>}. */
    public static FreshDatabase create(String prefix) {
        return open(createDatabase(prefix, ""));
    }

    /**
     * A new database with the shipped migrations applied: a copy of one database migrated once per test
     * JVM (PostgreSQL's {@code CREATE DATABASE … TEMPLATE}), so each costs a file copy, not a migration.
     */
    public static FreshDatabase migrated(String prefix) {
        return open(createDatabase(prefix, " TEMPLATE " + migratedTemplate()));
    }

    private static synchronized String migratedTemplate() {
        if (migratedTemplate == null) {
            String name = createDatabase("migrated_template", "");
            try (FreshDatabase template = open(name)) {
                new MigrationService(new RdsDataMigrationTarget(template.dataApi()), MigrationService.fromClasspath())
                        .migrate();
            }
            migratedTemplate = name;
        }
        return migratedTemplate;
    }

    private static String createDatabase(String prefix, String template) {
        PostgresServer pg = SharedPostgres.get();
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = pg.connect(pg.database())) {
            c.createStatement().execute("CREATE DATABASE " + name + template);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return name;
    }

    private static FreshDatabase open(String name) {
        PostgresServer pg = SharedPostgres.get();
        DataApiEmulator emulator;
        try {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RdsDataClient client = RdsDataClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        return new FreshDatabase(emulator, client, new DataApi(client, CLUSTER, SECRET, name));
    }

    public DataApi dataApi() {
        return dataApi;
    }

    @Override
    public void close() {
        client.close();
        emulator.close();
    }
}
