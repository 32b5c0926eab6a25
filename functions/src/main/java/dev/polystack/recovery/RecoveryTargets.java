package dev.polystack.recovery;

import java.time.Instant;

/**
 * What a recovery changes in the other contexts, each through that context's own use cases (the
 * composition root wires them): the recovery context knows none of their stores. Every method is
 * idempotent: a recovery that crashed midway runs its step again from the start.
 */
public interface RecoveryTargets {
    /**
     * Projects again every order changed in PostgreSQL at or after {@code from} (its outbox rows set
     * unpublished, then the outbox relay run until none is left): PostgreSQL is the truth, and a
     * projection never replaces a newer summary. Returns how many projections were made.
     */
    int reprojectOrdersSince(Instant from);

    /** Deletes every uploaded object without a record (the restore took the record away); returns how many. */
    int deleteOrphanedUploadObjects();

    /** Ends one session of the user (gone already: nothing to do). */
    void endSession(String userId, String tokenHash);

    /** Ends every session of the user. */
    void endSessions(String userId);

    /**
     * The user's password as the ledger says it became: if the account's hash is not the one whose
     * fingerprint this is, the change is not in the restored store, and the password is made unusable
     * (a reset is forced) and every session ended. Returns whether a reset was forced.
     */
    boolean forcePasswordResetUnless(String userId, String newHashFingerprint);

    /** Takes the role away again, sessions included (a user already without it: nothing to do). */
    void revokeRole(String userId, String roleWireName);

    /** Erases the account again, as accepted at {@code acceptedAt} (the grace counted from then). */
    void erase(String userId, Instant acceptedAt);
}
