package dev.polystack.benchmarks;

import dev.polystack.local.LocalBackend;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where an order phase's callers wait, read from the stack's own PostgreSQL while the phase runs: every
 * {@value #EVERY_MS} ms, how many sessions wait for a lock, by the table whose row they queue for ({@code pg_locks}:
 * a session waiting for a row holds or waits for a {@code tuple} lock on that row's table, then waits for the
 * holder's transaction), or by lock type when no row is involved (an idempotency key's advisory lock). And how often
 * {@code take_stock} and {@code gather_stock} ran ({@code pg_stat_user_functions}, with {@code track_functions} turned
 * on for the stack's cluster): {@code gather_stock} holds the pool and every shard of the product until its commit,
 * so each call stops every other caller of that product.
 *
 * <p>Sessions report their function counts at most once a second while busy, and when idle or ending, so
 * {@link #stop()} waits for the idle report before it reads them: about 11 s per phase.
 */
final class StockWaits implements AutoCloseable {
    static final long EVERY_MS = 20;

    /**
     * A session that has gone idle reports its pending statistics after this long (PostgreSQL 15 and later:
     * {@code PGSTAT_IDLE_INTERVAL} in {@code src/backend/utils/activity/pgstat.c}); a busy one at most once a second.
     */
    static final long IDLE_FLUSH_MS = 10_000;

    private static final String WAITING = """
            SELECT COALESCE(c.relname, w.locktype), count(DISTINCT w.pid)
            FROM pg_locks w
            LEFT JOIN pg_locks t ON t.pid = w.pid AND t.locktype = 'tuple'
            LEFT JOIN pg_class c ON c.oid = t.relation
            WHERE NOT w.granted
            GROUP BY 1""";

    private static final String CALLS =
            "SELECT funcname, calls FROM pg_stat_user_functions WHERE funcname IN ('take_stock', 'gather_stock')";

    /** What a phase's samples say: mean sessions waiting per sample, by what they wait for; stock function calls. */
    record Figures(long samples, Map<String, Double> meanWaiting, long takeStockCalls, long gatherStockCalls) {
        /** Into a phase's JSON figures (benchmarks/flash-sale.json). */
        void putFigures(Map<String, Object> figures) {
            figures.put("takeStockCalls", takeStockCalls);
            figures.put("gatherStockCalls", gatherStockCalls);
            figures.put("meanSessionsWaiting", meanWaiting);
        }

        String describe() {
            StringBuilder text = new StringBuilder();
            meanWaiting.forEach((on, mean) -> text.append(text.isEmpty() ? "" : ", ")
                    .append(on)
                    .append(' ')
                    .append(String.format(Locale.ROOT, "%.1f", mean)));
            return String.format(
                    Locale.ROOT,
                    "sessions waiting (mean of %d samples): %s; take_stock %d calls, gather_stock %d",
                    samples,
                    text.isEmpty() ? "none" : text,
                    takeStockCalls,
                    gatherStockCalls);
        }
    }

    private final Connection db;
    private final Thread sampler;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, Long> waiting = new TreeMap<>();
    private final Map<String, Long> callsBefore;
    private long samples;
    private SQLException failed;

    private StockWaits(Connection db) throws SQLException {
        this.db = db;
        this.callsBefore = calls(db);
        this.sampler = new Thread(this::sample, "stock-waits");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Turns function counting on in the stack's cluster (once is enough; a reload applies it to every session). */
    static void countFunctions(LocalBackend backend) throws SQLException {
        try (Connection db = backend.connectToDatabase();
                Statement statement = db.createStatement()) {
            statement.execute("ALTER SYSTEM SET track_functions = 'pl'");
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    static StockWaits start(LocalBackend backend) throws SQLException {
        return new StockWaits(backend.connectToDatabase());
    }

    private void sample() {
        try (PreparedStatement query = db.prepareStatement(WAITING)) {
            while (running.get()) {
                Map<String, Long> now = new TreeMap<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        now.put(rows.getString(1), rows.getLong(2));
                    }
                }
                synchronized (this) {
                    samples++;
                    now.forEach((on, count) -> waiting.merge(on, count, Long::sum));
                }
                Thread.sleep(EVERY_MS);
            }
        } catch (SQLException e) {
            failed = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops sampling; once every session of the phase has flushed its function counts (PostgreSQL's idle flush,
     * {@value #IDLE_FLUSH_MS} ms after a session's last statement, or its end), answers the phase's figures.
     */
    Figures stop() throws SQLException, InterruptedException {
        long ended = System.nanoTime();
        running.set(false);
        sampler.join();
        if (failed != null) {
            throw failed;
        }
        long waitMs = IDLE_FLUSH_MS + 1000 - (System.nanoTime() - ended) / 1_000_000;
        if (waitMs > 0) {
            Thread.sleep(waitMs);
        }
        Map<String, Long> calls = calls(db);
        Map<String, Double> means = new TreeMap<>();
        synchronized (this) {
            long n = Math.max(1, samples);
            waiting.forEach((on, sum) -> means.put(on, (double) sum / n));
        }
        return new Figures(
                samples,
                means,
                calls.getOrDefault("take_stock", 0L) - callsBefore.getOrDefault("take_stock", 0L),
                calls.getOrDefault("gather_stock", 0L) - callsBefore.getOrDefault("gather_stock", 0L));
    }

    private static Map<String, Long> calls(Connection db) throws SQLException {
        Map<String, Long> calls = new TreeMap<>();
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(CALLS)) {
            while (rows.next()) {
                calls.put(rows.getString(1), rows.getLong(2));
            }
        }
        return calls;
    }

    @Override
    public void close() throws SQLException {
        running.set(false);
        db.close();
    }
}
