package dev.polystack.local.postgres;

import dev.polystack.local.StartupException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The PostgreSQL behind the Data API emulator: the server at {@code DATABASE_URL} when one is given,
 * otherwise a private throwaway cluster made with the machine's own PostgreSQL binaries (trust
 * authentication on 127.0.0.1, its own port, deleted on close).
 */
public final class PostgresServer implements AutoCloseable {
    private static final String DIR_PREFIX = "polystack-pg-";

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String database;
    private final Path clusterDir;
    private final Path binaries;
    /** A cluster in the user's data directory is stopped at close, not deleted. */
    private boolean keepData;

    private PostgresServer(String host, int port, String user, String password, String database, Path clusterDir, Path binaries) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.database = database;
        this.clusterDir = clusterDir;
        this.binaries = binaries;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String database() {
        return database;
    }

    public boolean managed() {
        return clusterDir != null;
    }

    /** {@code postgres://user:password@host:port/database} (or {@code postgresql://}). */
    public static PostgresServer fromUrl(String databaseUrl) {
        URI uri = URI.create(databaseUrl.startsWith("jdbc:") ? databaseUrl.substring(5) : databaseUrl);
        if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
            throw new StartupException("DATABASE_URL must look like postgres://user:password@host:5432/database");
        }
        String user = "postgres";
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        PostgresServer server = new PostgresServer(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, password, database, null, null);
        server.checkReachable();
        return server;
    }

    /** Starts a throwaway cluster and creates {@code database} in it. */
    public static PostgresServer startThrowaway(String database) {
        Path binaries = requireBinaries();
        cleanUpAbandonedClusters(binaries);
        Path dir;
        try {
            dir = Files.createTempDirectory(DIR_PREFIX);
            Files.writeString(dir.resolve("owner.pid"), Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new StartupException("cannot create a directory for PostgreSQL: " + e.getMessage(), e);
        }
        handToPostgresUser(dir);
        PostgresServer server = new PostgresServer("127.0.0.1", freePort(), "postgres", null, database, dir, binaries);
        return server.initAndStart(dir.resolve("data"), dir);
    }

    /**
     * Starts (creating it the first time) a cluster kept in {@code dir}, so a local stack started
     * with {@code --data-dir} finds its orders again next time.
     */
    public static PostgresServer startInDirectory(Path dir, String database) {
        Path binaries = requireBinaries();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StartupException("cannot create " + dir + " for PostgreSQL: " + e.getMessage(), e);
        }
        handToPostgresUser(dir);
        if (Commands.runningAsRoot() && !canPostgresWrite(dir)) {
            throw new StartupException("the postgres user cannot reach " + dir + " (a parent directory is private); "
                    + "choose a --data-dir outside /root, or set DATABASE_URL");
        }
        PostgresServer server = new PostgresServer("127.0.0.1", freePort(), "postgres", null, database, dir, binaries);
        server.keepData = true;
        Path socketDir = Path.of(System.getProperty("java.io.tmpdir"));
        return server.initAndStart(dir.resolve("data"), socketDir);
    }

    private PostgresServer initAndStart(Path data, Path socketDir) {
        try {
            if (!Files.exists(data.resolve("PG_VERSION"))) {
                Commands.run(Commands.asPostgresUser(List.of(binaries.resolve("initdb").toString(),
                        "-D", data.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync")), Duration.ofMinutes(2));
            }
            String options = "-p " + port + " -k " + socketDir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                    + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
            Commands.run(Commands.asPostgresUser(List.of(binaries.resolve("pg_ctl").toString(),
                    "-D", data.toString(), "-l", clusterDir.resolve("postgres.log").toString(), "-w", "-t", "60", "-o", options, "start")),
                    Duration.ofSeconds(90));
            createDatabase();
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static Path requireBinaries() {
        return requireBinaries(findBinaries());
    }

    static Path requireBinaries(Optional<Path> found) {
        return found.orElseThrow(() -> new StartupException(
                "PostgreSQL is not installed: install it (apt-get install postgresql) or set DATABASE_URL to an existing server"));
    }

    private static void handToPostgresUser(Path dir) {
        if (Commands.runningAsRoot()) {
            Commands.run(List.of("chown", "-R", "postgres:postgres", dir.toString()), Duration.ofSeconds(30));
        }
    }

    private static boolean canPostgresWrite(Path dir) {
        try {
            Commands.run(Commands.asPostgresUser(List.of("test", "-w", dir.toString())), Duration.ofSeconds(10));
            return true;
        } catch (StartupException e) {
            return false;
        }
    }

    public Connection connect(String databaseName) throws SQLException {
        var props = new java.util.Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + databaseName, props);
    }

    private void createDatabase() {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "''") + "'")) {
                if (rows.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
        } catch (SQLException e) {
            throw new StartupException("cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    private void checkReachable() {
        try (Connection ignored = connect(database)) {
            // reachable
        } catch (SQLException e) {
            throw new StartupException("cannot connect to DATABASE_URL (" + host + ":" + port + "/" + database + "): " + e.getMessage(), e);
        }
    }

    static Optional<Path> findBinaries() {
        return findBinaries(System.getenv("PG_BIN"), Path.of("/usr/lib/postgresql"), System.getenv().getOrDefault("PATH", ""));
    }

    /** {@code PG_BIN}, else the newest {@code /usr/lib/postgresql/<version>/bin}, else the PATH. */
    static Optional<Path> findBinaries(String configured, Path root, String searchPath) {
        if (configured != null && Files.isExecutable(Path.of(configured, "initdb"))) {
            return Optional.of(Path.of(configured));
        }
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Optional<Path> newest = versions
                        .map(version -> version.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                        .max(Comparator.comparing(bin -> versionNumber(bin.getParent().getFileName().toString())));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String dir : searchPath.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb")) && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
                return Optional.of(Path.of(dir));
            }
        }
        return Optional.empty();
    }

    private static int versionNumber(String name) {
        try {
            return Integer.parseInt(name.replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Stops and deletes clusters left by a local stack that was killed without a chance to clean up. */
    private static void cleanUpAbandonedClusters(Path binaries) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> entries = Files.list(tmp)) {
            for (Path dir : entries.filter(p -> p.getFileName().toString().startsWith(DIR_PREFIX)).toList()) {
                Path owner = dir.resolve("owner.pid");
                long pid = Files.exists(owner) ? Long.parseLong(Files.readString(owner).strip()) : -1;
                boolean alive = pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    stopQuietly(binaries, dir.resolve("data"), "immediate");
                    deleteTree(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: an abandoned cluster only costs a port and some disk
        }
    }

    private static void stopQuietly(Path binaries, Path data, String mode) {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                Commands.run(Commands.asPostgresUser(List.of(binaries.resolve("pg_ctl").toString(),
                        "-D", data.toString(), "-m", mode, "-w", "stop")), Duration.ofSeconds(30));
            } catch (RuntimeException ignored) {
                // not running
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StartupException("no free port for PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public void close() {
        if (clusterDir == null) {
            return;
        }
        stopQuietly(binaries, clusterDir.resolve("data"), keepData ? "fast" : "immediate");
        if (!keepData) {
            deleteTree(clusterDir);
        }
    }
}
