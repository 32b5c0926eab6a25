package dev.polystack.migration.adapter;

import dev.polystack.migration.Migration;
import dev.polystack.migration.MigrationTarget;
import dev.polystack.shared.adapter.DataApi;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.rdsdata.model.Field;

/** Applies migrations through the Data API: no JDBC in deployed code. */
public final class RdsDataMigrationTarget implements MigrationTarget {
    static final String CREATE_LEDGER = """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     integer     PRIMARY KEY,
                description text        NOT NULL,
                checksum    text        NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            )""";
    /** The checksum each repeatable script had when it was last applied. */
    static final String CREATE_REPEATABLE_LEDGER = """
            CREATE TABLE IF NOT EXISTS schema_repeatables (
                name        text        PRIMARY KEY,
                checksum    text        NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            )""";
    /** Serialises concurrent runners (two deploys, or a deploy and a local start) on one lock. */
    static final String LOCK = "SELECT pg_advisory_xact_lock(727274)";

    static final String FIND = "SELECT checksum FROM schema_migrations WHERE version = :version";
    static final String RECORD = """
            INSERT INTO schema_migrations (version, description, checksum)
            VALUES (:version, :description, :checksum)""";
    static final String FIND_REPEATABLE = "SELECT checksum FROM schema_repeatables WHERE name = :name";
    static final String RECORD_REPEATABLE = """
            INSERT INTO schema_repeatables (name, checksum) VALUES (:name, :checksum)
            ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, applied_at = now()""";

    private final DataApi db;

    public RdsDataMigrationTarget(DataApi db) {
        this.db = db;
    }

    @Override
    public void prepareLedger() {
        db.execute(CREATE_LEDGER);
        db.execute(CREATE_REPEATABLE_LEDGER);
    }

    @Override
    public Optional<String> applyUnlessRecorded(Migration.Versioned migration) {
        String tx = db.begin();
        try {
            db.executeIn(tx, LOCK, List.of());
            List<List<Field>> found = db.executeIn(tx, FIND, List.of(DataApi.number("version", migration.version())))
                    .records();
            if (!found.isEmpty()) {
                db.rollback(tx);
                return Optional.of(DataApi.string(found.get(0), 0));
            }
            for (String statement : migration.statements()) {
                db.executeIn(tx, statement, List.of());
            }
            db.executeIn(
                    tx,
                    RECORD,
                    List.of(
                            DataApi.number("version", migration.version()),
                            DataApi.text("description", migration.description()),
                            DataApi.text("checksum", migration.checksum())));
            db.commit(tx);
            return Optional.empty();
        } catch (RuntimeException e) {
            rollbackQuietly(tx, e);
            throw e;
        }
    }

    @Override
    public boolean applyIfChanged(Migration.Repeatable migration) {
        String tx = db.begin();
        try {
            db.executeIn(tx, LOCK, List.of());
            List<List<Field>> found = db.executeIn(tx, FIND_REPEATABLE, List.of(DataApi.text("name", migration.name())))
                    .records();
            if (!found.isEmpty() && DataApi.string(found.get(0), 0).equals(migration.checksum())) {
                db.rollback(tx);
                return false;
            }
            for (String statement : migration.statements()) {
                db.executeIn(tx, statement, List.of());
            }
            db.executeIn(
                    tx,
                    RECORD_REPEATABLE,
                    List.of(DataApi.text("name", migration.name()), DataApi.text("checksum", migration.checksum())));
            db.commit(tx);
            return true;
        } catch (RuntimeException e) {
            rollbackQuietly(tx, e);
            throw e;
        }
    }

    private void rollbackQuietly(String tx, RuntimeException cause) {
        try {
            db.rollback(tx);
        } catch (RuntimeException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }
}
