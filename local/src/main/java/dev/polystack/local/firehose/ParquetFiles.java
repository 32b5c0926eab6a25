package dev.polystack.local.firehose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Firehose's record format conversion (JSON in, Parquet out, columns from the table schema) done by
 * DuckDB: the buffered records are written as newline-delimited JSON, read back with the schema's
 * columns (fields not in the schema are dropped, missing ones are null, as Firehose's OpenX JSON
 * deserializer does) and copied to one Snappy-compressed Parquet file.
 */
final class ParquetFiles implements AutoCloseable {
    private final Connection duckdb;
    private final String columns;

    /** {@code columns}: name to Hive type ({@code string}, {@code int}, {@code bigint}, {@code double}, {@code boolean}), in table order. */
    ParquetFiles(Map<String, String> columns) {
        this.columns = columns.entrySet().stream()
                .map(c -> c.getKey() + ": '" + duckDbType(c.getValue()) + "'")
                .collect(Collectors.joining(", ", "{", "}"));
        try {
            this.duckdb = DriverManager.getConnection("jdbc:duckdb:");
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB did not start: " + e.getMessage(), e);
        }
    }

    static String duckDbType(String hiveType) {
        return switch (hiveType) {
            case "string" -> "VARCHAR";
            case "int" -> "INTEGER";
            case "bigint" -> "BIGINT";
            case "double" -> "DOUBLE";
            case "boolean" -> "BOOLEAN";
            default -> throw new IllegalArgumentException("no Parquet mapping for Hive type " + hiveType);
        };
    }

    /** One Parquet file of the records (one JSON object each); the caller deletes it. Throws if a record does not convert. */
    synchronized Path write(List<byte[]> records) throws SQLException {
        try {
            Path json = Files.createTempFile("firehose-", ".json");
            Path parquet = Files.createTempFile("firehose-", ".parquet");
            try {
                try (var out = Files.newOutputStream(json)) {
                    for (byte[] record : records) {
                        out.write(record);
                        out.write('\n');
                    }
                }
                try (Statement statement = duckdb.createStatement()) {
                    statement.execute(
                            "COPY (SELECT * FROM read_json('" + json + "', format = 'newline_delimited', columns = "
                                    + columns + ")) TO '" + parquet + "' (FORMAT PARQUET, COMPRESSION SNAPPY)");
                }
                return parquet;
            } catch (SQLException | RuntimeException e) {
                Files.deleteIfExists(parquet);
                throw e;
            } finally {
                Files.deleteIfExists(json);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            duckdb.close();
        } catch (SQLException e) {
            // closing anyway
        }
    }
}
