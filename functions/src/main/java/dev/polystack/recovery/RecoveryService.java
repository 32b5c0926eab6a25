package dev.polystack.recovery;

import dev.polystack.shared.DomainException;
import dev.polystack.shared.InvocationLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Recover to T, once the stores have been restored to T (docs/recovery.md): the steps below, in this
 * order, each idempotent, each checkpointed in the ledger's table when it finishes, so a recovery
 * that crashed (kill -9 included) runs again with the same id and resumes at the first unfinished
 * step; a finished step is not run again.
 *
 * <ol>
 *   <li>{@link Step#REPROJECT_ORDERS}: every order changed since {@code T - skew} projected again
 *       from PostgreSQL, so DynamoDB's summaries agree with it even when the two restores landed a
 *       little apart;
 *   <li>{@link Step#RECONCILE_UPLOADS}: every object under {@code uploads/} without a record deleted
 *       (S3 is restored at or after DynamoDB's point; an {@code AVAILABLE} record whose object is missing
 *       is not looked for: only a restore done in the other order makes one, and the runbook gives S3 the same T);
 *   <li>{@link Step#REAPPLY_LEDGER}: every ledger entry at or after {@code T - skew}, oldest first:
 *       sessions ended again, passwords reset where the restored hash is not the new one, roles
 *       revoked again, erasures done again. Entries a little before T are applied too (the skew):
 *       ending a session or revoking twice does nothing, and a password whose new hash is already
 *       there is left alone (its fingerprint).
 * </ol>
 */
public final class RecoveryService {
    /** How far apart the stores' restore points and the functions' clocks may be. */
    public static final Duration DEFAULT_SKEW = Duration.ofMinutes(5);

    private static final Pattern RECOVERY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public enum Step {
        REPROJECT_ORDERS,
        RECONCILE_UPLOADS,
        REAPPLY_LEDGER
    }

    /** The most an operator may widen the skew: beyond it, re-applying old entries would undo later changes. */
    public static final Duration MAX_SKEW = Duration.ofHours(1);

    /**
     * A recovery to {@code restorePoint}, named by the operator so a second run resumes it; entries and
     * order changes from {@code skew} before it are applied too.
     */
    public record Request(String recoveryId, Instant restorePoint, Duration skew) {
        public Request(String recoveryId, Instant restorePoint) {
            this(recoveryId, restorePoint, DEFAULT_SKEW);
        }

        public Request {
            if (skew == null || skew.isNegative() || skew.compareTo(MAX_SKEW) > 0) {
                throw DomainException.invalid("INVALID_SKEW", "skewSeconds is 0 to " + MAX_SKEW.toSeconds());
            }
            if (recoveryId == null || !RECOVERY_ID.matcher(recoveryId).matches()) {
                throw DomainException.invalid(
                        "INVALID_RECOVERY_ID", "recoveryId is 1 to 64 letters, digits, '.', '_' or '-'");
            }
            if (restorePoint == null) {
                throw DomainException.missingField("restorePoint is required");
            }
        }
    }

    /** One step of a run: done now (with what it did and how long it took) or found done by an earlier run. */
    public record StepRun(Step step, boolean resumedPastIt, Duration took, Map<String, Object> did) {}

    public record Outcome(String recoveryId, Instant restorePoint, List<StepRun> steps) {}

    private final RecoveryLedger ledger;
    private final RecoveryTargets targets;
    private final Clock clock;

    public RecoveryService(RecoveryLedger ledger, RecoveryTargets targets, Clock clock) {
        this.ledger = ledger;
        this.targets = targets;
        this.clock = clock;
    }

    public Outcome recover(Request request) {
        if (request.restorePoint().isAfter(clock.instant())) {
            throw DomainException.invalid("RESTORE_POINT_IN_FUTURE", "restorePoint is later than now");
        }
        if (request.restorePoint().isBefore(clock.instant().minus(RecoveryLedger.RETENTION))) {
            throw DomainException.invalid(
                    "RESTORE_POINT_TOO_OLD", "restorePoint is older than the 35-day recovery window");
        }
        List<StepRun> runs = new ArrayList<>();
        for (Step step : Step.values()) {
            if (ledger.stepDone(request.recoveryId(), step.name()).isPresent()) {
                runs.add(new StepRun(step, true, Duration.ZERO, Map.of()));
                continue;
            }
            Instant started = clock.instant();
            Map<String, Object> did = run(step, request.restorePoint().minus(request.skew()));
            ledger.markStepDone(request.recoveryId(), step.name(), clock.instant());
            StepRun run = new StepRun(step, false, Duration.between(started, clock.instant()), did);
            InvocationLog.note("recoveryStep", Map.of("step", step.name(), "did", did));
            runs.add(run);
        }
        return new Outcome(request.recoveryId(), request.restorePoint(), runs);
    }

    private Map<String, Object> run(Step step, Instant from) {
        return switch (step) {
            case REPROJECT_ORDERS -> Map.of("projected", targets.reprojectOrdersSince(from));
            case RECONCILE_UPLOADS -> Map.of("orphanedObjectsDeleted", targets.deleteOrphanedUploadObjects());
            case REAPPLY_LEDGER -> reapply(ledger.since(from));
        };
    }

    private Map<String, Object> reapply(List<LedgerEntry> entries) {
        Map<String, Object> counts = new LinkedHashMap<>();
        int resets = 0;
        for (LedgerEntry entry : entries) {
            counts.merge(entry.kind().name(), 1, (a, b) -> (int) a + (int) b);
            switch (entry.kind()) {
                case SESSION_ENDED -> targets.endSession(entry.userId(), entry.subject());
                case SESSIONS_ENDED -> targets.endSessions(entry.userId());
                case PASSWORD_CHANGED -> {
                    if (targets.forcePasswordResetUnless(entry.userId(), entry.subject())) {
                        resets++;
                    }
                }
                case ROLE_REVOKED -> targets.revokeRole(entry.userId(), entry.subject());
                case ACCOUNT_ERASED -> targets.erase(entry.userId(), entry.at());
            }
        }
        counts.put("passwordResetsForced", resets);
        return counts;
    }
}
