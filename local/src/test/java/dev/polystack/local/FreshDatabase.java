package dev.polystack.local;

import dev.polystack.local.dataapi.DataApiEmulator;
import dev.polystack.local.postgres.PostgresServer;
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

    private final DataApiEmulator emulator;
    private final RdsDataClient client;
    private final DataApi dataApi;

    private FreshDatabase(DataApiEmulator emulator, RdsDataClient client, DataApi dataApi) {
        this.emulator = emulator;
        this.client = client;
        this.dataApi = dataApi;
    }

    /** A new database named {@code <prefix>_<pid>_<n>}. */
    public static FreshDatabase create(String prefix) {
        PostgresServer pg = SharedPostgres.get();
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = pg.connect(pg.database())) {
            c.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
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
