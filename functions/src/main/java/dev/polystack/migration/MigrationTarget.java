package dev.polystack.migration;

import java.util.Optional;

/** The database the migrations are applied to, with its ledger of applied versions. */
public interface MigrationTarget {

    /** Creates the ledger table when it is missing. */
    void prepareLedger();

    /**
     * Applies the migration and records it, in one transaction, unless the ledger already holds the
     * version: then nothing runs and the recorded checksum is returned.
     */
    Optional<String> applyUnlessRecorded(Migration migration);
}
