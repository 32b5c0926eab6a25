package dev.polystack.local.dataapi;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;

/** JDBC connections to one PostgreSQL server, per database, with a small pool of idle ones. */
final class ConnectionSource implements AutoCloseable {
    private static final int MAX_IDLE_PER_DATABASE = 16;

    private volatile String host;
    private volatile int port;
    private final String user;
    private final String password;
    private final Map<String, BlockingDeque<Connection>> idle = new ConcurrentHashMap<>();

    ConnectionSource(String host, int port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    Connection borrow(String database) throws SQLException {
        Connection pooled =
                idle.computeIfAbsent(database, d -> new LinkedBlockingDeque<>()).pollFirst();
        if (pooled != null && !pooled.isClosed()) {
            return pooled;
        }
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", "data-api-emulator");
        Connection connection = DriverManager.getConnection(url(database), props);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TIME ZONE 'UTC'");
        }
        return connection;
    }

    private String url(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /**
     * From now on connects to another server (a restored one): idle connections to the old one are
     * closed, and one borrowed before is closed when it comes back ({@link #release}).
     */
    void retarget(String newHost, int newPort) {
        host = newHost;
        port = newPort;
        close();
    }

    /** Returns a connection in auto-commit mode to the pool, or closes it when it is broken or the pool is full. */
    void release(String database, Connection connection, boolean broken) {
        try {
            if (broken
                    || connection.isClosed()
                    || !connection.getMetaData().getURL().equals(url(database))) {
                connection.close();
                return;
            }
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            BlockingDeque<Connection> pool = idle.computeIfAbsent(database, d -> new LinkedBlockingDeque<>());
            if (pool.size() >= MAX_IDLE_PER_DATABASE || !pool.offerFirst(connection)) {
                connection.close();
            }
        } catch (SQLException e) {
            closeQuietly(connection);
        }
    }

    static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        idle.values().forEach(pool -> pool.forEach(ConnectionSource::closeQuietly));
        idle.clear();
    }
}
