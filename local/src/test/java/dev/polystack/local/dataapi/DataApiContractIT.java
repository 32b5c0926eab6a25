package dev.polystack.local.dataapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystack.local.SharedPostgres;
import dev.polystack.local.postgres.PostgresServer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.rdsdata.model.BadRequestException;
import software.amazon.awssdk.services.rdsdata.model.ColumnMetadata;
import software.amazon.awssdk.services.rdsdata.model.DecimalReturnType;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.NotFoundException;
import software.amazon.awssdk.services.rdsdata.model.RecordsFormatType;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;
import software.amazon.awssdk.services.rdsdata.model.StatementTimeoutException;
import software.amazon.awssdk.services.rdsdata.model.TypeHint;

/** Drives the emulator through the real {@code RdsDataClient}: what application code relies on. */
class DataApiContractIT {
    static final String CLUSTER = "arn:aws:rds:us-east-1:000000000000:cluster:contract";
    static final String SECRET = "arn:aws:secretsmanager:us-east-1:000000000000:secret:contract";
    static final AtomicLong TABLES = new AtomicLong();

    static DataApiEmulator emulator;
    static RdsDataClient client;
    static String database;
    String table;

    @BeforeAll
    static void start() throws Exception {
        PostgresServer pg = SharedPostgres.get();
        database = pg.database();
        emulator = DataApiEmulator.start(
                new DataApiEmulator.Config(
                        CLUSTER,
                        SECRET,
                        database,
                        pg.host(),
                        pg.port(),
                        pg.user(),
                        pg.password(),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1)),
                0);
        client = RdsDataClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        emulator.close();
    }

    @BeforeEach
    void freshTable() {
        table = "contract_" + TABLES.incrementAndGet();
        exec("CREATE TABLE " + table + " (id uuid PRIMARY KEY, sku text UNIQUE NOT NULL, qty integer CHECK (qty >= 0),"
                + " price numeric(10,2), score double precision, active boolean, doc jsonb, at timestamp, on_day date,"
                + " at_time time, tags text[], counts integer[], raw bytea)");
    }

    ExecuteStatementResponse exec(String sql, SqlParameter... parameters) {
        return client.executeStatement(b -> b.resourceArn(CLUSTER)
                .secretArn(SECRET)
                .database(database)
                .sql(sql)
                .parameters(parameters));
    }

    ExecuteStatementResponse execIn(String tx, String sql, SqlParameter... parameters) {
        return client.executeStatement(b -> b.resourceArn(CLUSTER)
                .secretArn(SECRET)
                .database(database)
                .transactionId(tx)
                .sql(sql)
                .parameters(parameters));
    }

    String begin() {
        return client.beginTransaction(
                        b -> b.resourceArn(CLUSTER).secretArn(SECRET).database(database))
                .transactionId();
    }

    static SqlParameter text(String name, String value) {
        return SqlParameter.builder()
                .name(name)
                .value(Field.fromStringValue(value))
                .build();
    }

    static SqlParameter hinted(String name, String value, TypeHint hint) {
        return SqlParameter.builder()
                .name(name)
                .value(Field.fromStringValue(value))
                .typeHint(hint)
                .build();
    }

    static SqlParameter number(String name, long value) {
        return SqlParameter.builder()
                .name(name)
                .value(Field.fromLongValue(value))
                .build();
    }

    long count() {
        return exec("SELECT count(*) FROM " + table).records().get(0).get(0).longValue();
    }

    String insertSku(String sku) {
        String id = UUID.randomUUID().toString();
        exec(
                "INSERT INTO " + table + " (id, sku, qty) VALUES (:id, :sku, :qty)",
                hinted("id", id, TypeHint.UUID),
                text("sku", sku),
                number("qty", 3));
        return id;
    }

    @Test
    void bindsTypedParametersWithHintsAndReadsThemBackAsFields() {
        String id = UUID.randomUUID().toString();
        ExecuteStatementResponse insert = exec(
                "INSERT INTO " + table
                        + " (id, sku, qty, price, score, active, doc, at, on_day, at_time, raw)"
                        + " VALUES (:id, :sku, :qty, :price, :score, :active, :doc, :at, :day, :time, :raw)",
                hinted("id", id, TypeHint.UUID),
                text("sku", "A-1"),
                number("qty", 7),
                hinted("price", "12.50", TypeHint.DECIMAL),
                SqlParameter.builder()
                        .name("score")
                        .value(Field.fromDoubleValue(0.25))
                        .build(),
                SqlParameter.builder()
                        .name("active")
                        .value(Field.fromBooleanValue(true))
                        .build(),
                hinted("doc", "{\"a\": [1, 2]}", TypeHint.JSON),
                hinted("at", "2026-11-21 10:15:30.123", TypeHint.TIMESTAMP),
                hinted("day", "2026-11-21", TypeHint.DATE),
                hinted("time", "10:15:30", TypeHint.TIME),
                SqlParameter.builder()
                        .name("raw")
                        .value(Field.fromBlobValue(software.amazon.awssdk.core.SdkBytes.fromUtf8String("bytes")))
                        .build());
        assertEquals(1, insert.numberOfRecordsUpdated());
        assertTrue(insert.generatedFields().isEmpty(), "Aurora PostgreSQL returns no generatedFields; use RETURNING");

        List<Field> row = exec(
                        "SELECT id, sku, qty, price, score, active, doc, at, on_day, at_time, raw FROM " + table
                                + " WHERE id = :id",
                        hinted("id", id, TypeHint.UUID))
                .records()
                .get(0);
        assertEquals(id, row.get(0).stringValue());
        assertEquals("A-1", row.get(1).stringValue());
        assertEquals(7L, row.get(2).longValue());
        assertEquals("12.50", row.get(3).stringValue());
        assertEquals(0.25, row.get(4).doubleValue());
        assertEquals(true, row.get(5).booleanValue());
        assertEquals("{\"a\": [1, 2]}", row.get(6).stringValue());
        assertEquals("2026-11-21 10:15:30.123", row.get(7).stringValue());
        assertEquals("2026-11-21", row.get(8).stringValue());
        assertEquals("10:15:30", row.get(9).stringValue());
        assertEquals("bytes", row.get(10).blobValue().asUtf8String());
    }

    @Test
    void plainStringForUuidColumnFailsAsOnAwsWithoutTypeHint() {
        BadRequestException error = assertThrows(
                BadRequestException.class,
                () -> exec(
                        "INSERT INTO " + table + " (id, sku) VALUES (:id, 'x')",
                        text("id", UUID.randomUUID().toString())));
        assertTrue(error.getMessage().contains("uuid"), error.getMessage());
        assertEquals(0, count());
    }

    @Test
    void nullsArraysAndDecimalOptions() {
        String id = UUID.randomUUID().toString();
        exec(
                "INSERT INTO " + table
                        + " (id, sku, qty, price, tags, counts) VALUES (:id, :sku, :qty, 3.00, ARRAY['a','b'], ARRAY[1,2,3])",
                hinted("id", id, TypeHint.UUID),
                text("sku", "N-1"),
                SqlParameter.builder()
                        .name("qty")
                        .value(Field.builder().isNull(true).build())
                        .build());
        List<Field> row =
                exec("SELECT qty, tags, counts FROM " + table).records().get(0);
        assertTrue(row.get(0).isNull());
        assertEquals(List.of("a", "b"), row.get(1).arrayValue().stringValues());
        assertEquals(List.of(1L, 2L, 3L), row.get(2).arrayValue().longValues());

        Field price = client.executeStatement(b -> b.resourceArn(CLUSTER)
                        .secretArn(SECRET)
                        .database(database)
                        .sql("SELECT price FROM " + table)
                        .resultSetOptions(o -> o.decimalReturnType(DecimalReturnType.DOUBLE_OR_LONG)))
                .records()
                .get(0)
                .get(0);
        assertEquals(3L, price.longValue());
    }

    @Test
    void resultMetadataAndJsonFormattedRecords() throws Exception {
        insertSku("M-1");
        ExecuteStatementResponse withMetadata = client.executeStatement(b -> b.resourceArn(CLUSTER)
                .secretArn(SECRET)
                .database(database)
                .sql("SELECT sku, qty AS quantity FROM " + table)
                .includeResultMetadata(true));
        List<ColumnMetadata> columns = withMetadata.columnMetadata();
        assertEquals(2, columns.size());
        assertEquals("sku", columns.get(0).name());
        assertEquals("text", columns.get(0).typeName());
        assertEquals("quantity", columns.get(1).label());
        assertEquals("int4", columns.get(1).typeName());

        ExecuteStatementResponse json = client.executeStatement(b -> b.resourceArn(CLUSTER)
                .secretArn(SECRET)
                .database(database)
                .sql("SELECT sku, qty FROM " + table)
                .formatRecordsAs(RecordsFormatType.JSON));
        assertTrue(json.records().isEmpty());
        JsonNode rows = new ObjectMapper().readTree(json.formattedRecords());
        assertEquals("M-1", rows.get(0).get("sku").asText());
        assertEquals(3, rows.get(0).get("qty").asInt());
    }

    @Test
    void numberOfRecordsUpdatedCountsChangedRows() {
        insertSku("U-1");
        insertSku("U-2");
        assertEquals(
                2,
                exec("UPDATE " + table + " SET qty = qty + 1 WHERE qty = :q", number("q", 3))
                        .numberOfRecordsUpdated());
        assertEquals(
                0,
                exec("UPDATE " + table + " SET qty = 0 WHERE sku = :sku", text("sku", "none"))
                        .numberOfRecordsUpdated());
    }

    @Test
    void committedTransactionIsVisibleAndRolledBackOneLeavesNoRows() {
        String committed = begin();
        execIn(committed, "INSERT INTO " + table + " (id, sku) VALUES (gen_random_uuid(), 'T-1')");
        assertEquals(0, count(), "uncommitted rows are invisible outside the transaction");
        assertEquals(
                "Transaction Committed",
                client.commitTransaction(
                                b -> b.resourceArn(CLUSTER).secretArn(SECRET).transactionId(committed))
                        .transactionStatus());
        assertEquals(1, count());

        String rolledBack = begin();
        execIn(rolledBack, "INSERT INTO " + table + " (id, sku) VALUES (gen_random_uuid(), 'T-2')");
        execIn(rolledBack, "INSERT INTO " + table + " (id, sku) VALUES (gen_random_uuid(), 'T-3')");
        assertEquals(
                "Rollback Complete",
                client.rollbackTransaction(
                                b -> b.resourceArn(CLUSTER).secretArn(SECRET).transactionId(rolledBack))
                        .transactionStatus());
        assertEquals(1, count());
    }

    @Test
    void constraintViolationIsBadRequestWithTheDatabaseMessage() {
        insertSku("DUP");
        BadRequestException duplicate = assertThrows(BadRequestException.class, () -> insertSku("DUP"));
        assertTrue(
                duplicate.getMessage().contains("duplicate key value violates unique constraint"),
                duplicate.getMessage());
        assertTrue(duplicate.getMessage().contains("23505"), duplicate.getMessage());

        BadRequestException check = assertThrows(
                BadRequestException.class, () -> exec("UPDATE " + table + " SET qty = -1 WHERE sku = 'DUP'"));
        assertTrue(check.getMessage().contains("check constraint"), check.getMessage());
        assertEquals(
                3L, exec("SELECT qty FROM " + table).records().get(0).get(0).longValue());
    }

    @Test
    void unknownTransactionIsNotFound() {
        assertThrows(NotFoundException.class, () -> execIn("bm90LWEtdHJhbnNhY3Rpb24=", "SELECT 1"));
        assertThrows(
                NotFoundException.class,
                () -> client.commitTransaction(
                        b -> b.resourceArn(CLUSTER).secretArn(SECRET).transactionId("nope")));
    }

    @Test
    void idleTransactionIsRolledBackAndForgotten() throws Exception {
        String tx = begin();
        execIn(tx, "INSERT INTO " + table + " (id, sku) VALUES (gen_random_uuid(), 'IDLE')");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (emulator.openTransactions() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThrows(NotFoundException.class, () -> execIn(tx, "SELECT 1"));
        assertThrows(
                NotFoundException.class,
                () -> client.commitTransaction(
                        b -> b.resourceArn(CLUSTER).secretArn(SECRET).transactionId(tx)));
        assertEquals(0, count(), "the idle transaction's insert was rolled back");
    }

    @Test
    void longStatementIsCancelledWithStatementTimeout() {
        StatementTimeoutException timeout =
                assertThrows(StatementTimeoutException.class, () -> exec("SELECT pg_sleep(5)"));
        assertNotNull(timeout.dbConnectionId());
    }

    @Test
    void statementsWithoutTransactionIdAreAutoCommitted() {
        insertSku("AUTO");
        String tx = begin();
        assertEquals(
                1L,
                execIn(tx, "SELECT count(*) FROM " + table)
                        .records()
                        .get(0)
                        .get(0)
                        .longValue());
        client.rollbackTransaction(b -> b.resourceArn(CLUSTER).secretArn(SECRET).transactionId(tx));
    }

    @Test
    void batchExecuteRunsEachParameterSetAtomically() {
        var sets = List.of(
                List.of(hinted("id", UUID.randomUUID().toString(), TypeHint.UUID), text("sku", "B-1")),
                List.of(hinted("id", UUID.randomUUID().toString(), TypeHint.UUID), text("sku", "B-2")));
        var result = client.batchExecuteStatement(b -> b.resourceArn(CLUSTER)
                .secretArn(SECRET)
                .database(database)
                .sql("INSERT INTO " + table + " (id, sku) VALUES (:id, :sku)")
                .parameterSets(sets));
        assertEquals(2, result.updateResults().size());
        assertEquals(2, count());

        var failing = List.of(
                List.of(hinted("id", UUID.randomUUID().toString(), TypeHint.UUID), text("sku", "B-3")),
                List.of(hinted("id", UUID.randomUUID().toString(), TypeHint.UUID), text("sku", "B-1")));
        assertThrows(
                BadRequestException.class,
                () -> client.batchExecuteStatement(b -> b.resourceArn(CLUSTER)
                        .secretArn(SECRET)
                        .database(database)
                        .sql("INSERT INTO " + table + " (id, sku) VALUES (:id, :sku)")
                        .parameterSets(failing)));
        assertEquals(2, count(), "a failed batch writes nothing");
    }

    @Test
    void wrongClusterOrSecretIsRefused() {
        assertThrows(
                BadRequestException.class,
                () -> client.executeStatement(
                        b -> b.resourceArn(CLUSTER + "x").secretArn(SECRET).sql("SELECT 1")));
        assertThrows(
                BadRequestException.class,
                () -> client.executeStatement(
                        b -> b.resourceArn(CLUSTER).secretArn(SECRET + "x").sql("SELECT 1")));
        assertThrows(
                BadRequestException.class,
                () -> client.executeStatement(b -> b.resourceArn(CLUSTER)
                        .secretArn(SECRET)
                        .database("no_such_database")
                        .sql("SELECT 1")));
    }

    @Test
    void valuesFullOfSqlSyntaxAreStoredLiterally() {
        String hostile = "x'); DROP TABLE " + table + "; -- :id ? $$";
        insertSku(hostile);
        assertEquals(
                hostile,
                exec("SELECT sku FROM " + table + " WHERE sku = :sku", text("sku", hostile))
                        .records()
                        .get(0)
                        .get(0)
                        .stringValue());
    }

    @Test
    void missingParameterAndArrayParameterAreBadRequests() {
        assertThrows(BadRequestException.class, () -> exec("SELECT :missing"));
        SqlParameter array = SqlParameter.builder()
                .name("a")
                .value(Field.fromArrayValue(
                        software.amazon.awssdk.services.rdsdata.model.ArrayValue.fromLongValues(List.of(1L))))
                .build();
        assertThrows(BadRequestException.class, () -> exec("SELECT :a", array));
        assertFalse(
                exec("SELECT '::text', 1::int, :v", text("v", "ok")).records().isEmpty());
    }
}
