package dev.polystack.recovery;

import dev.polystack.shared.DomainException;

/** The recovery context's failures, with their stable codes. */
public final class RecoveryErrors {
    private RecoveryErrors() {}

    /** The ledger could not be written: the security action was not done either, and can be retried. */
    public static DomainException ledgerUnavailable() {
        return DomainException.unavailable(
                "RECOVERY_LEDGER_UNAVAILABLE",
                "this change cannot be recorded right now; nothing was changed, try again");
    }
}
