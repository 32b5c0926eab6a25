package dev.polystack.local.dataapi;

import dev.polystack.local.Threads;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Open transactions, each on its own connection, as the Data API keeps them: statements of one
 * transaction run one at a time, and a transaction left idle longer than the timeout (3 minutes on
 * AWS) is rolled back and forgotten, so using its id afterwards is a NotFoundException.
 */
final class Transactions implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    static final class Transaction {
        final String id;
        final String database;
        final Connection connection;
        final ReentrantLock lock = new ReentrantLock();
        volatile long lastUsedNanos = System.nanoTime();
        volatile boolean finished;

        Transaction(String id, String database, Connection connection) {
            this.id = id;
            this.database = database;
            this.connection = connection;
        }
    }

    private final ConnectionSource connections;
    private final Duration idleTimeout;
    private final Map<String, Transaction> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("data-api-tx-reaper"));

    Transactions(ConnectionSource connections, Duration idleTimeout) {
        this.connections = connections;
        this.idleTimeout = idleTimeout;
        long period = Math.max(50, Math.min(1_000, idleTimeout.toMillis() / 4));
        reaper.scheduleAtFixedRate(this::rollBackIdle, period, period, TimeUnit.MILLISECONDS);
    }

    String begin(String database) throws SQLException {
        Connection connection = connections.borrow(database);
        connection.setAutoCommit(false);
        byte[] bytes = new byte[48];
        RANDOM.nextBytes(bytes);
        String id = Base64.getEncoder().encodeToString(bytes);
        open.put(id, new Transaction(id, database, connection));
        return id;
    }

    /** The transaction, locked for the caller's statement; the caller must {@link #release} it. */
    Transaction acquire(String id) {
        Transaction tx = open.get(id);
        if (tx == null) {
            throw notFound(id);
        }
        tx.lock.lock();
        if (tx.finished) {
            tx.lock.unlock();
            throw notFound(id);
        }
        return tx;
    }

    void release(Transaction tx) {
        tx.lastUsedNanos = System.nanoTime();
        tx.lock.unlock();
    }

    void finish(String id, boolean commit) throws SQLException {
        Transaction tx = acquire(id);
        boolean broken = false;
        try {
            open.remove(id);
            tx.finished = true;
            if (commit) {
                tx.connection.commit();
            } else {
                tx.connection.rollback();
            }
        } catch (SQLException e) {
            broken = true;
            throw e;
        } finally {
            tx.lock.unlock();
            connections.release(tx.database, tx.connection, broken);
        }
    }

    int openCount() {
        return open.size();
    }

    private void rollBackIdle() {
        long now = System.nanoTime();
        for (Transaction tx : open.values()) {
            if (now - tx.lastUsedNanos > idleTimeout.toNanos() && tx.lock.tryLock()) {
                try {
                    if (!tx.finished && now - tx.lastUsedNanos > idleTimeout.toNanos()) {
                        open.remove(tx.id);
                        tx.finished = true;
                        connections.release(tx.database, tx.connection, false);
                    }
                } finally {
                    tx.lock.unlock();
                }
            }
        }
    }

    private static DataApiError notFound(String id) {
        return DataApiError.notFound("Transaction " + id + " is not found");
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        for (Transaction tx : open.values()) {
            ConnectionSource.closeQuietly(tx.connection);
        }
        open.clear();
    }
}
