package dev.polystack.migration;

import java.util.Optional;

/** The database the migrations are applied to, with its ledgers of applied versions and repeatable scripts. */
public interface MigrationTarget {

    /** Creates the ledger tables when they are missing. */
    void prepareLedger();

    /**
     * Applies the migration and records it, in one transaction, unless the ledger already holds the
     * version: then nothing runs and the recorded checksum is returned.
     */
    Optional<String> applyUnlessRecorded(Migration.Versioned migration);

    /**
     * Applies the script and records its checksum, in one transaction, unless the ledger already holds
     * this checksum for its name. Answers whether it ran.
     */
    boolean applyIfChanged(Migration.Repeatable migration);
}
