package dev.polystack.local.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * SQL over the lake with DuckDB, as Athena runs it over S3: the table's Parquet objects are copied
 * out of S3 through the S3 SDK (DuckDB's HTTP reader is an extension it would download) into a
 * directory with the same {@code dt=} layout, and a view of the table's name reads them with Hive
 * partitioning, so {@code dt} is a column and a filter on it skips whole directories.
 */
public final class LakeQuery implements AutoCloseable {
    /** An answer: column names and rows of values as text (null stays null), in the query's order. */
    public record Answer(List<String> columns, List<List<String>> rows) {}

    private final Connection duckdb;
    private final Path directory;
    private final long files;
    private final long bytes;
    /** A copy made here is deleted on close; a directory given is left as it is. */
    private final boolean copied;

    private LakeQuery(Connection duckdb, Path directory, long files, long bytes, boolean copied) {
        this.duckdb = duckdb;
        this.directory = directory;
        this.files = files;
        this.bytes = bytes;
        this.copied = copied;
    }

    /** Copies every object under {@code prefix} (e.g. {@code lake/orders/}) of the bucket and opens the view {@code table}. */
    public static LakeQuery fromS3(S3Client s3, String bucket, String prefix, String table) {
        try {
            Path directory = Files.createTempDirectory("lake-");
            long files = 0;
            long bytes = 0;
            for (S3Object object : s3.listObjectsV2Paginator(
                            b -> b.bucket(bucket).prefix(prefix))
                    .contents()) {
                if (!object.key().endsWith(".parquet")) {
                    continue;
                }
                Path target = directory.resolve(object.key().substring(prefix.length()));
                Files.createDirectories(target.getParent());
                s3.getObject(b -> b.bucket(bucket).key(object.key()), target);
                files++;
                bytes += object.size();
            }
            return open(directory, table, files, bytes, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The view {@code table} over a directory already laid out as {@code dt=…/*.parquet} (the generator's output). */
    public static LakeQuery fromDirectory(Path directory, String table) {
        try (Stream<Path> walk = Files.walk(directory)) {
            List<Path> parquet =
                    walk.filter(p -> p.toString().endsWith(".parquet")).toList();
            long bytes = 0;
            for (Path p : parquet) {
                bytes += Files.size(p);
            }
            return open(directory, table, parquet.size(), bytes, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LakeQuery open(Path directory, String table, long files, long bytes, boolean copied) {
        try {
            Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement statement = duckdb.createStatement()) {
                if (files == 0) {
                    // No object yet: an empty table of the right columns, so a query answers with no rows.
                    statement.execute("CREATE VIEW " + table + " AS SELECT " + emptyColumns() + " WHERE false");
                } else {
                    statement.execute("CREATE VIEW " + table + " AS SELECT * FROM read_parquet('" + directory
                            + "/*/*.parquet', hive_partitioning = true, hive_types = {'dt': VARCHAR})");
                }
            }
            return new LakeQuery(duckdb, directory, files, bytes, copied);
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB: " + e.getMessage(), e);
        }
    }

    private static String emptyColumns() {
        StringBuilder columns = new StringBuilder();
        for (var column : dev.polystack.lake.LakeTable.COLUMNS) {
            columns.append("CAST(NULL AS ")
                    .append(
                            switch (column.type()) {
                                case "int" -> "INTEGER";
                                case "bigint" -> "BIGINT";
                                default -> "VARCHAR";
                            })
                    .append(") AS ")
                    .append(column.name())
                    .append(", ");
        }
        return columns + "CAST(NULL AS VARCHAR) AS " + dev.polystack.lake.LakeTable.PARTITION_KEY;
    }

    public long files() {
        return files;
    }

    public long bytes() {
        return bytes;
    }

    public Path directory() {
        return directory;
    }

    /** Runs one statement; {@code ?} placeholders are bound in order, as Athena binds a prepared statement's. */
    public Answer run(String sql, Object... parameters) {
        try (PreparedStatement statement = duckdb.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                ResultSetMetaData meta = rows.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    columns.add(meta.getColumnLabel(c));
                }
                List<List<String>> values = new ArrayList<>();
                while (rows.next()) {
                    List<String> row = new ArrayList<>();
                    for (int c = 1; c <= columns.size(); c++) {
                        row.add(rows.getString(c));
                    }
                    values.add(row);
                }
                return new Answer(columns, values);
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            duckdb.close();
        } catch (SQLException e) {
            // closing anyway
        }
        if (!copied) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory
        }
    }
}
