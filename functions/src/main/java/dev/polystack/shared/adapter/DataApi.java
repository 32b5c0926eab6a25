package dev.polystack.shared.adapter;

import dev.polystack.shared.DomainException;
import dev.polystack.shared.Entropy;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.rdsdata.model.DatabaseResumingException;
import software.amazon.awssdk.services.rdsdata.model.DatabaseUnavailableException;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.InternalServerErrorException;
import software.amazon.awssdk.services.rdsdata.model.RdsDataException;
import software.amazon.awssdk.services.rdsdata.model.ServiceUnavailableErrorException;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;
import software.amazon.awssdk.services.rdsdata.model.StatementTimeoutException;
import software.amazon.awssdk.services.rdsdata.model.TypeHint;

/**
 * The Aurora cluster as the Data API sees it: one cluster ARN, secret and database, so the
 * repositories only say SQL and parameters. Every value is bound as a typed parameter.
 *
 * <p>Auto-committed statements are retried with exponential backoff and jitter while the failure
 * is transient (a statement timeout, Aurora resuming from a pause, the service or the connection
 * failing) and the retry budget lasts; then the caller gets DATABASE_UNAVAILABLE (a 503). Callers
 * only send statements that are safe to repeat: reads, and writes made idempotent by their keys.
 */
public final class DataApi {
    /** Inside the 30 s function timeout, with room to answer; Aurora resuming from a pause takes about 15 s. */
    public static final Duration DEFAULT_RETRY_BUDGET = Duration.ofSeconds(20);

    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 2_000;

    private final RdsDataClient client;
    private final String clusterArn;
    private final String secretArn;
    private final String database;
    private final Duration retryBudget;

    public DataApi(RdsDataClient client, String clusterArn, String secretArn, String database, Duration retryBudget) {
        this.client = client;
        this.clusterArn = clusterArn;
        this.secretArn = secretArn;
        this.database = database;
        this.retryBudget = retryBudget;
    }

    public DataApi(RdsDataClient client, String clusterArn, String secretArn, String database) {
        this(client, clusterArn, secretArn, database, DEFAULT_RETRY_BUDGET);
    }

    /** One auto-committed statement: atomic in a single round trip. */
    public ExecuteStatementResponse execute(String sql, SqlParameter... parameters) {
        ExecuteStatementRequest request = request(null, sql, Arrays.asList(parameters));
        return withRetries(() -> client.executeStatement(request));
    }

    /** Retries transient failures; only for calls that are safe to repeat. */
    private <T> T withRetries(java.util.function.Supplier<T> call) {
        long deadline = System.nanoTime() + retryBudget.toNanos();
        for (int attempt = 0; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!isTransient(e)) {
                    throw e;
                }
                long backoff = Entropy.random()
                        .nextLong(1, Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(attempt, 10)) + 1);
                if (System.nanoTime() + backoff * 1_000_000 >= deadline) {
                    throw DomainException.unavailable(
                            "DATABASE_UNAVAILABLE",
                            "the database is not answering (" + e.getClass().getSimpleName() + "); try again shortly");
                }
                sleep(backoff);
            }
        }
    }

    static boolean isTransient(RuntimeException e) {
        if (e instanceof StatementTimeoutException
                || e instanceof DatabaseResumingException
                || e instanceof DatabaseUnavailableException
                || e instanceof ServiceUnavailableErrorException
                || e instanceof InternalServerErrorException) {
            return true;
        }
        if (e instanceof RdsDataException service) {
            return service.statusCode() >= 500;
        }
        // No answer at all (connection refused, reset or timed out): the statement may or may not have run.
        return e instanceof SdkClientException;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DomainException.unavailable("DATABASE_UNAVAILABLE", "interrupted while waiting for the database");
        }
    }

    public ExecuteStatementResponse executeIn(String transactionId, String sql, List<SqlParameter> parameters) {
        return client.executeStatement(request(transactionId, sql, parameters));
    }

    /** Retried like a statement: a transaction that began but whose answer was lost is rolled back by the service when idle. */
    public String begin() {
        return withRetries(() -> client.beginTransaction(
                        b -> b.resourceArn(clusterArn).secretArn(secretArn).database(database))
                .transactionId());
    }

    public void commit(String transactionId) {
        client.commitTransaction(
                b -> b.resourceArn(clusterArn).secretArn(secretArn).transactionId(transactionId));
    }

    public void rollback(String transactionId) {
        client.rollbackTransaction(
                b -> b.resourceArn(clusterArn).secretArn(secretArn).transactionId(transactionId));
    }

    private ExecuteStatementRequest request(String transactionId, String sql, List<SqlParameter> parameters) {
        return ExecuteStatementRequest.builder()
                .resourceArn(clusterArn)
                .secretArn(secretArn)
                .database(database)
                .transactionId(transactionId)
                .sql(sql)
                .parameters(parameters)
                .build();
    }

    public static SqlParameter text(String name, String value) {
        return SqlParameter.builder()
                .name(name)
                .value(value == null ? nullField() : Field.fromStringValue(value))
                .build();
    }

    public static SqlParameter uuid(String name, String value) {
        return SqlParameter.builder()
                .name(name)
                .value(Field.fromStringValue(value))
                .typeHint(TypeHint.UUID)
                .build();
    }

    public static SqlParameter json(String name, String value) {
        return SqlParameter.builder()
                .name(name)
                .value(Field.fromStringValue(value))
                .typeHint(TypeHint.JSON)
                .build();
    }

    public static SqlParameter number(String name, long value) {
        return SqlParameter.builder()
                .name(name)
                .value(Field.fromLongValue(value))
                .build();
    }

    /** A whole number, or SQL NULL for none: the statement casts it to its type. */
    public static SqlParameter number(String name, Long value) {
        return value == null
                ? SqlParameter.builder().name(name).value(nullField()).build()
                : number(name, value.longValue());
    }

    /** True, false, or SQL NULL for none: the statement casts it to boolean. */
    public static SqlParameter bool(String name, Boolean value) {
        return SqlParameter.builder()
                .name(name)
                .value(value == null ? nullField() : Field.fromBooleanValue(value))
                .build();
    }

    private static Field nullField() {
        return Field.builder().isNull(true).build();
    }

    /** Reads one column of a record, accepting the Data API's representation of SQL NULL. */
    public static String string(List<Field> record, int column) {
        Field field = record.get(column);
        return Boolean.TRUE.equals(field.isNull()) ? null : field.stringValue();
    }

    public static long longValue(List<Field> record, int column) {
        return record.get(column).longValue();
    }
}
