package dev.polystack.local.lake;

import dev.polystack.lake.LakeTable;
import dev.polystack.lake.NamedQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * {@code local/lake-figures [orders] [seed]}: a month of synthetic orders (fixed seed), laid out as
 * Firehose would write them with the AWS stream's buffering (a day partition's buffer is delivered 900 s
 * after its first record, or at 128 MiB of records, whichever comes first), then for each named query
 * the bytes Athena would scan: the compressed Parquet column chunks of the columns the query names, in
 * the partitions its first day lets it read (Athena bills what it reads from S3, at least 10 MB per query,
 * https://aws.amazon.com/athena/pricing/). Prints the figures docs/analytics.md quotes.
 */
public final class LakeFigures {
    static final String MONTH_START = "2026-11-01T00:00:00Z";
    static final int DAYS = 30;
    static final int PRODUCTS = 500;
    static final long BUFFER_SECONDS = 900;
    static final long BUFFER_BYTES = 128L * 1024 * 1024;
    static final double DOLLARS_PER_TB = 5.0;
    static final long MINIMUM_BILLED_BYTES = 10L * 1000 * 1000;
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private LakeFigures() {}

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        Path out = Path.of("local", "target", "lake-figures");
        deleteRecursively(out);
        Files.createDirectories(out);
        long started = System.nanoTime();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
            long rows = generate((DuckDBConnection) duckdb, orders, seed);
            System.err.printf(
                    "generated %,d facts of %,d orders in %.1f s%n", rows, orders, (System.nanoTime() - started) / 1e9);
            write(duckdb, out);
            System.err.printf("wrote the Parquet layout in %.1f s%n", (System.nanoTime() - started) / 1e9);
        }
        report(out, orders, seed);
    }

    /** One order's events: placement, maybe a cancellation, or a shipment and maybe a delivery. Facts: one per line per event. */
    static long generate(DuckDBConnection duckdb, int orders, long seed) throws SQLException {
        try (Statement statement = duckdb.createStatement()) {
            StringBuilder columns =
                    new StringBuilder("CREATE TABLE facts (dt VARCHAR, file_key VARCHAR, occurred BIGINT");
            LakeTable.COLUMNS.forEach(c -> columns.append(", ")
                    .append(c.name())
                    .append(' ')
                    .append(
                            switch (c.type()) {
                                case "int" -> "INTEGER";
                                case "bigint" -> "BIGINT";
                                default -> "VARCHAR";
                            }));
            statement.execute(columns.append(")").toString());
        }
        Random random = new Random(seed);
        long[] prices = new long[PRODUCTS];
        String[] productIds = new String[PRODUCTS];
        for (int p = 0; p < PRODUCTS; p++) {
            prices[p] = 199 + random.nextInt(49_800);
            productIds[p] = new UUID(random.nextLong(), random.nextLong()).toString();
        }
        long monthStart = Instant.parse(MONTH_START).getEpochSecond();
        List<Object[]> events = new ArrayList<>();
        long facts = 0;
        try (DuckDBAppender appender = duckdb.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "facts")) {
            for (int o = 0; o < orders; o++) {
                if (o > 0 && o % 200_000 == 0) {
                    System.err.printf("  %,d orders%n", o);
                }
                String orderId = new UUID(random.nextLong(), random.nextLong()).toString();
                long c = 1 + random.nextInt(200_000);
                String customer = String.format(
                        Locale.ROOT, "%016x%016x%016x%016x", c * 0x9E3779B97F4A7C15L, c * 31, c * 17, c * 7);
                long placed = monthStart + (long) (random.nextDouble() * DAYS * 86_400);
                int lineCount = 1 + Math.min(3, (int) Math.floor(-Math.log(1 - random.nextDouble()) * 1.2));
                List<int[]> lines = new ArrayList<>();
                for (int l = 0; l < lineCount; l++) {
                    int product = zipf(random);
                    if (lines.stream().noneMatch(line -> line[0] == product)) {
                        lines.add(new int[] {product, 1 + random.nextInt(3)});
                    }
                }
                long total = lines.stream()
                        .mapToLong(line -> prices[line[0]] * line[1])
                        .sum();
                events.clear();
                events.add(new Object[] {"CREATED", "CONFIRMED", placed});
                double fate = random.nextDouble();
                if (fate < 0.06) {
                    events.add(new Object[] {"CANCELLED", "CANCELLED", placed + 60 + random.nextInt(48 * 3600)});
                } else if (fate < 0.86) {
                    long shipped = placed + 3600 + random.nextInt(72 * 3600);
                    events.add(new Object[] {"SHIPPED", "SHIPPED", shipped});
                    if (random.nextDouble() < 0.9) {
                        events.add(
                                new Object[] {"DELIVERED", "DELIVERED", shipped + 86_400 + random.nextInt(4 * 86_400)});
                    }
                }
                String placedAt = ISO.format(Instant.ofEpochSecond(placed));
                for (int v = 0; v < events.size(); v++) {
                    Object[] event = events.get(v);
                    long occurred = (long) event[2];
                    String occurredAt = ISO.format(Instant.ofEpochSecond(occurred));
                    for (int[] line : lines) {
                        appender.beginRow();
                        appender.append(occurredAt.substring(0, 10));
                        appender.appendNull();
                        appender.append(occurred);
                        appender.append(orderId);
                        appender.append((long) v + 1);
                        appender.append((String) event[0]);
                        appender.append((String) event[1]);
                        appender.append(customer);
                        appender.append(placedAt);
                        appender.append(placedAt.substring(0, 10));
                        appender.append(Integer.parseInt(placedAt.substring(11, 13)));
                        appender.append(occurredAt);
                        appender.append(total);
                        appender.append(lines.size());
                        appender.append(productIds[line[0]]);
                        appender.append(String.format(Locale.ROOT, "SKU-%04d", line[0]));
                        appender.append(line[1]);
                        appender.append(prices[line[0]]);
                        appender.endRow();
                        facts++;
                    }
                }
            }
        }
        return facts;
    }

    /** Product popularity: a few sell a lot (Zipf-like over PRODUCTS). */
    private static int zipf(Random random) {
        return (int) Math.min(PRODUCTS - 1, Math.floor(Math.pow(PRODUCTS, random.nextDouble()) - 1));
    }

    /**
     * Firehose's objects: per day partition, a buffer opens at its first record and is delivered
     * BUFFER_SECONDS later (or at BUFFER_BYTES of records, about 400 bytes of JSON each), then one
     * Parquet file per buffer under dt=…/.
     */
    static void write(Connection duckdb, Path out) throws SQLException, IOException {
        try (Statement statement = duckdb.createStatement()) {
            // Buffers of a day: consecutive windows opened by the first record after the previous one closed. With 900
            // s windows a
            // window opened at t closes at t+900; at this volume every 900 s of a day has records, so the windows are
            // the 900 s slots.
            statement.execute(
                    "UPDATE facts SET file_key = dt || '-' || CAST(occurred // " + BUFFER_SECONDS + " AS VARCHAR)");
            try (ResultSet biggest = statement.executeQuery(
                    "SELECT max(c) FROM (SELECT count(*) * 400 AS c FROM facts GROUP BY file_key)")) {
                biggest.next();
                if (biggest.getLong(1) > BUFFER_BYTES) {
                    throw new IllegalStateException(
                            "a 900 s buffer would pass 128 MiB: the size limit would cut files first");
                }
            }
            StringBuilder columns = new StringBuilder("dt, file_key");
            LakeTable.COLUMNS.forEach(c -> columns.append(", ").append(c.name()));
            statement.execute("COPY (SELECT " + columns + " FROM facts ORDER BY occurred) TO '" + out.resolve("staging")
                    + "' (FORMAT PARQUET, COMPRESSION SNAPPY, PARTITION_BY (dt, file_key))");
        }
        // dt=…/file_key=…/data_0.parquet → dt=…/<stream>-<file_key>.parquet, as Firehose names them.
        try (Stream<Path> files = Files.walk(out.resolve("staging"))) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
                String dt = file.getParent().getParent().getFileName().toString();
                String key = file.getParent().getFileName().toString().substring("file_key=".length());
                Path target = out.resolve(dt).resolve("polystack-order-events-1-" + key + ".parquet");
                Files.createDirectories(target.getParent());
                Files.move(file, target);
            }
        }
        deleteRecursively(out.resolve("staging"));
    }

    static void report(Path out, int orders, long seed) throws SQLException {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duckdb.createStatement()) {
            String glob = out + "/*/*.parquet";
            statement.execute(
                    "CREATE TABLE chunks AS SELECT regexp_extract(file_name, 'dt=([0-9-]+)', 1) AS dt, file_name, path_in_schema AS col, "
                            + "total_compressed_size AS bytes FROM parquet_metadata('" + glob + "')");
            System.out.printf(
                    "# Order lake figures: %,d orders of %s (30 days), seed %d%n%n",
                    orders, MONTH_START.substring(0, 7), seed);
            try (ResultSet r = statement.executeQuery(
                    "SELECT count(DISTINCT file_name), count(DISTINCT dt), sum(bytes) FROM chunks")) {
                r.next();
                System.out.printf(
                        "objects: %,d in %d day partitions; Parquet column data: %,d bytes%n",
                        r.getLong(1), r.getLong(2), r.getLong(3));
            }
            try (ResultSet r = statement.executeQuery(
                    "SELECT min(n), median(n), max(n), avg(b) FROM (SELECT dt, count(DISTINCT file_name) n, "
                            + "sum(bytes) / count(DISTINCT file_name) b FROM chunks GROUP BY dt)")) {
                r.next();
                System.out.printf(
                        "objects per day partition: min %d, median %d, max %d; mean object size %,d bytes%n%n",
                        r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4));
            }
            try (LakeQuery lake = LakeQuery.fromDirectory(out, LakeTable.TABLE)) {
                System.out.println(
                        "| query | first day | columns read | partitions read | bytes scanned | Athena at $5/TB (10 MB minimum) | DuckDB here |");
                System.out.println("|---|---|---|---|---|---|---|");
                for (String firstDay : List.of("2026-11-01", "2026-11-24")) {
                    for (NamedQuery query : NamedQuery.values()) {
                        List<String> read = LakeTable.COLUMNS.stream()
                                .map(LakeTable.Column::name)
                                .filter(name -> Pattern.compile("\\b" + name + "\\b")
                                        .matcher(query.sql())
                                        .find())
                                .toList();
                        String in = String.join(
                                ", ", read.stream().map(c -> "'" + c + "'").toList());
                        long bytes;
                        long partitions;
                        try (ResultSet r = statement.executeQuery(
                                "SELECT coalesce(sum(bytes), 0), count(DISTINCT dt) FROM chunks WHERE dt >= '"
                                        + firstDay + "' AND col IN (" + in + ")")) {
                            r.next();
                            bytes = r.getLong(1);
                            partitions = r.getLong(2);
                        }
                        long start = System.nanoTime();
                        lake.run(query.sql(), NamedQuery.parameters(firstDay));
                        long millis = (System.nanoTime() - start) / 1_000_000;
                        double dollars = Math.max(bytes, MINIMUM_BILLED_BYTES) / 1e12 * DOLLARS_PER_TB;
                        System.out.printf(
                                Locale.ROOT,
                                "| %s | %s | %d | %d | %,d | $%.6f | %d ms |%n",
                                query.id(),
                                firstDay,
                                read.size(),
                                partitions,
                                bytes,
                                dollars,
                                millis);
                    }
                }
            }
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
