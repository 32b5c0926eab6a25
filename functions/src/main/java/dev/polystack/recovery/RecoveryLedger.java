package dev.polystack.recovery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The security-relevant changes a restore would roll back, kept in a store of their own that no
 * restore touches (on AWS its own DynamoDB table, {@code LEDGER_TABLE}, outside the backup plan), and
 * the checkpoints of a recovery in progress. Every entry and checkpoint expires after {@link #RETENTION}:
 * nothing older can be restored to, so nothing older is needed.
 *
 * <p>A use case records its entry before it changes anything (ledger first, then the action, which is
 * idempotent): a failed record stops the request before any change (the caller retries), a failed
 * action leaves an entry whose re-application after a restore is harmless, and no change is ever
 * made without its entry.
 */
public interface RecoveryLedger {
    /**
     * The recovery window: AWS Backup keeps continuous backups for at most 35 days
     * (https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery-retention-period.html),
     * and DynamoDB point-in-time recovery covers the same 35 days at most.
     */
    Duration RETENTION = Duration.ofDays(35);

    /** Stores the entry; fails (nothing stored) with a 503 {@code RECOVERY_LEDGER_UNAVAILABLE} when the store is out of reach. */
    void record(LedgerEntry entry);

    /** Every entry at or after {@code from}, oldest first (entries of the same millisecond by id). */
    List<LedgerEntry> since(Instant from);

    /** When the step of this recovery was finished, if it was. */
    Optional<Instant> stepDone(String recoveryId, String step);

    /** Marks the step of this recovery finished (again: the first time stands). */
    void markStepDone(String recoveryId, String step, Instant at);

    /**
     * A ledger that cannot be reached: every call fails with 503 {@code RECOVERY_LEDGER_UNAVAILABLE}.
     * For callers built without one (a login-only benchmark): a revocation through them is refused,
     * never done unrecorded.
     */
    static RecoveryLedger unavailable() {
        return new RecoveryLedger() {
            @Override
            public void record(LedgerEntry entry) {
                throw RecoveryErrors.ledgerUnavailable();
            }

            @Override
            public List<LedgerEntry> since(Instant from) {
                throw RecoveryErrors.ledgerUnavailable();
            }

            @Override
            public Optional<Instant> stepDone(String recoveryId, String step) {
                throw RecoveryErrors.ledgerUnavailable();
            }

            @Override
            public void markStepDone(String recoveryId, String step, Instant at) {
                throw RecoveryErrors.ledgerUnavailable();
            }
        };
    }

    /** When an entry or checkpoint written at {@code at} may go: the end of the recovery window. */
    static Instant expiresAt(Instant at) {
        return at.plus(RETENTION);
    }
}
