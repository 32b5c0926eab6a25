package dev.polystack.shared.adapter;

import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;
import software.amazon.awssdk.services.rdsdata.model.TypeHint;

/**
 * The Aurora cluster as the Data API sees it: one cluster ARN, secret and database, so the
 * repositories only say SQL and parameters. Every value is bound as a typed parameter.
 */
public final class DataApi {
    private final RdsDataClient client;
    private final String clusterArn;
    private final String secretArn;
    private final String database;

    public DataApi(RdsDataClient client, String clusterArn, String secretArn, String database) {
        this.client = client;
        this.clusterArn = clusterArn;
        this.secretArn = secretArn;
        this.database = database;
    }

    /** One auto-committed statement: atomic in a single round trip. */
    public ExecuteStatementResponse execute(String sql, SqlParameter... parameters) {
        return client.executeStatement(request(null, sql, Arrays.asList(parameters)));
    }

    public ExecuteStatementResponse executeIn(String transactionId, String sql, List<SqlParameter> parameters) {
        return client.executeStatement(request(transactionId, sql, parameters));
    }

    public String begin() {
        return client.beginTransaction(b -> b.resourceArn(clusterArn).secretArn(secretArn).database(database))
                .transactionId();
    }

    public void commit(String transactionId) {
        client.commitTransaction(b -> b.resourceArn(clusterArn).secretArn(secretArn).transactionId(transactionId));
    }

    public void rollback(String transactionId) {
        client.rollbackTransaction(b -> b.resourceArn(clusterArn).secretArn(secretArn).transactionId(transactionId));
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
        return SqlParameter.builder().name(name).value(value == null ? nullField() : Field.fromStringValue(value)).build();
    }

    public static SqlParameter uuid(String name, String value) {
        return SqlParameter.builder().name(name).value(Field.fromStringValue(value)).typeHint(TypeHint.UUID).build();
    }

    public static SqlParameter json(String name, String value) {
        return SqlParameter.builder().name(name).value(Field.fromStringValue(value)).typeHint(TypeHint.JSON).build();
    }

    public static SqlParameter number(String name, long value) {
        return SqlParameter.builder().name(name).value(Field.fromLongValue(value)).build();
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
