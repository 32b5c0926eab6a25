package dev.polystack.local.postgres;

import dev.polystack.local.StartupException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * PostgreSQL's own point-in-time recovery, for a local cluster started with WAL archiving
 * ({@link PostgresServer#startThrowaway(String, boolean)}): a base backup taken while the server runs
 * (the low-level API, {@code pg_backup_start} / copy / {@code pg_backup_stop}: the embedded binaries
 * ship {@code initdb}, {@code pg_ctl} and {@code postgres}, not {@code pg_basebackup}), the archived WAL
 * after it, and a restore that replays that WAL up to a moment into a new cluster on a new port, as
 * Aurora restores into a new cluster
 * (https://www.postgresql.org/docs/16/continuous-archiving.html).
 */
public final class PointInTimeRecovery {
    /** What a base backup leaves out (https://www.postgresql.org/docs/16/continuous-archiving.html#BACKUP-LOWLEVEL-BASE-BACKUP-DATA). */
    private static final Set<String> NOT_COPIED =
            Set.of("postmaster.pid", "postmaster.opts", "epg-lock", "backup_label", "tablespace_map");

    private static final Set<String> EMPTIED = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_notify");
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);
    private static final Duration ARCHIVE_WAIT = Duration.ofSeconds(60);

    private final PostgresServer server;
    private final Path baseBackup;

    private PointInTimeRecovery(PostgresServer server, Path baseBackup) {
        this.server = server;
        this.baseBackup = baseBackup;
    }

    /** Settings written before the cluster's first start: {@code wal_level} and {@code archive_mode} need a restart. */
    static void configureArchiving(Path data, Path archive) {
        try {
            Files.createDirectories(archive);
            appendSettings(
                    data,
                    List.of(
                            "wal_level = 'replica'",
                            "archive_mode = 'on'",
                            "archive_command = "
                                    + quoted("test ! -f '" + archive + "/%f' && cp %p '" + archive + "/%f'")));
        } catch (IOException e) {
            throw new StartupException("cannot set up WAL archiving in " + data + ": " + e.getMessage(), e);
        }
    }

    /**
     * A base backup of {@code server}, which must archive its WAL: everything the server writes from now
     * on can be replayed onto it.
     */
    public static PointInTimeRecovery baseBackup(PostgresServer server) {
        if (server.walArchive() == null) {
            throw new IllegalStateException(
                    "this PostgreSQL does not archive its WAL: start the local stack with point-in-time recovery on");
        }
        try (Connection connection = server.connect("postgres");
                Statement statement = connection.createStatement()) {
            Path target = Files.createTempDirectory(server.throwawayDirectory(), "base-backup-")
                    .resolve("data");
            statement.execute("SELECT pg_backup_start('polystack-local', true)");
            copyLiveCluster(server.dataDirectory(), target);
            try (ResultSet stop = statement.executeQuery("SELECT labelfile, spcmapfile FROM pg_backup_stop(true)")) {
                stop.next();
                Files.writeString(target.resolve("backup_label"), stop.getString(1));
                String tablespaces = stop.getString(2);
                if (tablespaces != null && !tablespaces.isEmpty()) {
                    Files.writeString(target.resolve("tablespace_map"), tablespaces);
                }
            }
            return new PointInTimeRecovery(server, target);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("the base backup failed: " + e.getMessage(), e);
        }
    }

    /**
     * Makes sure the archive holds the WAL up to now: a commit (a timestamped record after any restore
     * point taken before this call, which recovery needs to know it has gone far enough), the segment
     * switched, and a wait until the archiver has copied it.
     */
    public void archiveUpToNow() {
        try (Connection connection = server.connect("postgres");
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_current_xact_id()");
            String segment;
            try (ResultSet switched = statement.executeQuery("SELECT pg_walfile_name(pg_switch_wal())")) {
                switched.next();
                segment = switched.getString(1);
            }
            long deadline = System.nanoTime() + ARCHIVE_WAIT.toNanos();
            while (true) {
                try (ResultSet archiver = statement.executeQuery(
                        "SELECT coalesce(last_archived_wal, ''), failed_count FROM pg_stat_archiver")) {
                    archiver.next();
                    if (archiver.getString(1).compareTo(segment) >= 0) {
                        return;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("WAL segment " + segment + " not archived after "
                                + ARCHIVE_WAIT.toSeconds() + " s (archive_command failures: " + archiver.getLong(2)
                                + ")");
                    }
                }
                Thread.sleep(50);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot archive the WAL: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the WAL archiver", e);
        }
    }

    /**
     * A new cluster, on a port of its own, holding what the server held at {@code target}: the base
     * backup copied, {@code recovery.signal}, the archive as {@code restore_command}, replay stopped at
     * {@code recovery_target_time} and then promoted to a primary. The old server keeps running (as the old
     * cluster does on AWS until an operator deletes it). Call {@link #archiveUpToNow()} after {@code target} first.
     */
    public PostgresServer restoreTo(Instant target) {
        Path dir;
        try {
            dir = PostgresServer.newClusterDirectory();
            Path data = dir.resolve("data");
            copyLiveCluster(baseBackup, data);
            for (String kept : List.of("backup_label", "tablespace_map")) {
                if (Files.exists(baseBackup.resolve(kept))) {
                    Files.copy(baseBackup.resolve(kept), data.resolve(kept));
                }
            }
            Files.createDirectories(data.resolve("pg_wal").resolve("archive_status"));
            Files.writeString(data.resolve("recovery.signal"), "");
            appendSettings(
                    data,
                    List.of(
                            "archive_mode = 'off'",
                            "restore_command = " + quoted("cp '" + server.walArchive() + "/%f' %p"),
                            "recovery_target_time = " + quoted(TIMESTAMP.format(target)),
                            "recovery_target_inclusive = 'true'",
                            "recovery_target_action = 'promote'"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the restored cluster: " + e.getMessage(), e);
        }
        PostgresServer restored;
        try {
            restored = PostgresServer.startRestored(dir, server.database());
        } catch (RuntimeException e) {
            PostgresServer.deleteTree(dir);
            throw e;
        }
        try {
            awaitPromotion(restored);
        } catch (RuntimeException e) {
            restored.close();
            throw e;
        }
        return restored;
    }

    /**
     * Waits until the restored server has left recovery. It accepts (read-only) connections while it still
     * replays, and promotes itself only after the target is reached
     * (https://www.postgresql.org/docs/16/runtime-config-wal.html#GUC-RECOVERY-TARGET-ACTION): a write that
     * comes before that fails with "cannot execute INSERT in a read-only transaction".
     */
    private static void awaitPromotion(PostgresServer restored) {
        try (Connection connection = restored.connect("postgres");
                Statement statement = connection.createStatement()) {
            long deadline = System.nanoTime() + ARCHIVE_WAIT.toNanos();
            while (true) {
                try (ResultSet recovering = statement.executeQuery("SELECT pg_is_in_recovery()")) {
                    recovering.next();
                    if (!recovering.getBoolean(1)) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the restored cluster was not promoted after "
                            + ARCHIVE_WAIT.toSeconds() + " s (still in recovery)");
                }
                Thread.sleep(50);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check the restored cluster's promotion: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the restored cluster's promotion", e);
        }
    }

    private static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static void appendSettings(Path data, List<String> lines) throws IOException {
        Files.writeString(
                data.resolve("postgresql.auto.conf"),
                String.join("\n", lines) + "\n",
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /**
     * Copies a cluster's directory, perhaps while the server writes to it (a base backup: files may come
     * and go; replaying the WAL from the backup's start repairs what changed meanwhile), with its
     * permissions (PostgreSQL insists on 0700), leaving out what a base backup leaves out.
     */
    private static void copyLiveCluster(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path relative = from.relativize(source);
                boolean inEmptied = relative.getNameCount() > 1
                        && EMPTIED.contains(relative.getName(0).toString());
                if (inEmptied || NOT_COPIED.contains(relative.toString())) {
                    continue;
                }
                try {
                    Files.copy(source, to.resolve(relative.toString()), StandardCopyOption.COPY_ATTRIBUTES);
                } catch (NoSuchFileException gone) {
                    // a temporary file the server removed while we walked
                }
            }
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e.getCause();
            }
        }
    }
}
