package dev.polystack.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.MutableClock;
import dev.polystack.shared.DomainException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recover to T: the steps in order, only the ledger's entries from T (less the skew) re-applied, and a
 * recovery that crashes at any point resumes with the same id: finished steps are not run again, the
 * interrupted one runs again whole (each target is idempotent), and the outcome is the same.
 */
class RecoveryServiceTest {
    static final Instant T = Instant.parse("2026-12-02T17:00:00Z");

    final MutableClock clock = new MutableClock(T.plus(Duration.ofHours(2)));
    final InMemoryLedger ledger = new InMemoryLedger();
    final Targets targets = new Targets();
    final RecoveryService recovery = new RecoveryService(ledger, targets, clock);

    /** Records every call; the call numbered {@code crashAt} (from 1) throws, as a killed process would stop there. */
    static final class Targets implements RecoveryTargets {
        final List<String> calls = new ArrayList<>();
        final List<String> effects = new ArrayList<>();
        int crashAt = -1;
        String currentFingerprint = "old";

        private void call(String call) {
            calls.add(call);
            if (calls.size() == crashAt) {
                throw new IllegalStateException("killed during " + call);
            }
            if (!effects.contains(call)) {
                effects.add(call);
            }
        }

        @Override
        public int reprojectOrdersSince(Instant from) {
            call("reproject since " + from);
            return 3;
        }

        @Override
        public int deleteOrphanedUploadObjects() {
            call("delete orphans");
            return 2;
        }

        @Override
        public void endSession(String userId, String tokenHash) {
            call("end " + userId + " " + tokenHash);
        }

        @Override
        public void endSessions(String userId) {
            call("end all " + userId);
        }

        @Override
        public boolean forcePasswordResetUnless(String userId, String newHashFingerprint) {
            call("reset " + userId + " unless " + newHashFingerprint);
            return !newHashFingerprint.equals(currentFingerprint);
        }

        @Override
        public void revokeRole(String userId, String roleWireName) {
            call("revoke " + roleWireName + " of " + userId);
        }

        @Override
        public void erase(String userId, Instant acceptedAt) {
            call("erase " + userId + " accepted " + acceptedAt);
        }
    }

    void recordTheSecondWorkload() {
        ledger.record(LedgerEntry.sessionsEnded("u-before", T.minus(Duration.ofHours(1))));
        ledger.record(LedgerEntry.sessionEnded("u1", "h".repeat(64), T.plusSeconds(10)));
        ledger.record(LedgerEntry.passwordChanged("u2", "new-hash", T.plusSeconds(20)));
        ledger.record(LedgerEntry.roleRevoked("u3", "admin", T.plusSeconds(30)));
        ledger.record(LedgerEntry.accountErased("u4", T.plusSeconds(40)));
        ledger.record(LedgerEntry.sessionsEnded("u5", T.minus(Duration.ofMinutes(2))));
    }

    static final List<String> EXPECTED = List.of(
            "reproject since 2026-12-02T16:55:00Z",
            "delete orphans",
            "end all u5",
            "end u1 " + "h".repeat(64),
            "reset u2 unless " + PasswordFingerprint.of("new-hash"),
            "revoke admin of u3",
            "erase u4 accepted 2026-12-02T17:00:40Z");

    @Test
    void theStepsRunInOrderAndReapplyOnlyWhatCameAfterTheRestorePointLessTheSkew() {
        recordTheSecondWorkload();
        RecoveryService.Outcome outcome = recovery.recover(new RecoveryService.Request("r1", T));
        assertEquals(EXPECTED, targets.calls);
        assertEquals(
                List.of(
                        RecoveryService.Step.REPROJECT_ORDERS,
                        RecoveryService.Step.RECONCILE_UPLOADS,
                        RecoveryService.Step.REAPPLY_LEDGER),
                outcome.steps().stream().map(RecoveryService.StepRun::step).toList());
        assertEquals(3, outcome.steps().get(0).did().get("projected"));
        assertEquals(2, outcome.steps().get(1).did().get("orphanedObjectsDeleted"));
        assertEquals(1, outcome.steps().get(2).did().get("passwordResetsForced"));
        assertFalse(targets.calls.contains("end all u-before"), "before T less the skew: in the restored stores");
    }

    @Test
    void aFinishedRecoveryRunAgainDoesNothing() {
        recordTheSecondWorkload();
        recovery.recover(new RecoveryService.Request("r1", T));
        targets.calls.clear();
        RecoveryService.Outcome again = recovery.recover(new RecoveryService.Request("r1", T));
        assertTrue(targets.calls.isEmpty(), targets.calls.toString());
        assertTrue(again.steps().stream().allMatch(RecoveryService.StepRun::resumedPastIt));
    }

    /** Killed at each call in turn (1: re-projection, 2: uploads, 3..7: the ledger's re-application). */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void aRecoveryKilledAtAnyPointResumesAndEndsAsAnUninterruptedOne(int crashAt) {
        recordTheSecondWorkload();
        targets.crashAt = crashAt;
        assertThrows(IllegalStateException.class, () -> recovery.recover(new RecoveryService.Request("r1", T)));
        int callsBeforeResume = targets.calls.size();
        targets.crashAt = -1;

        RecoveryService.Outcome resumed = recovery.recover(new RecoveryService.Request("r1", T));

        assertEquals(EXPECTED, targets.effects, "every change made, in order, none missing");
        List<String> afterResume = targets.calls.subList(callsBeforeResume, targets.calls.size());
        boolean reprojectionFinished = crashAt > 1;
        assertEquals(
                reprojectionFinished,
                resumed.steps().get(0).resumedPastIt(),
                "a finished step is not run again: " + afterResume);
        assertEquals(reprojectionFinished, !afterResume.contains(EXPECTED.get(0)));
    }

    @Test
    void aCheckpointThatCouldNotBeWrittenRunsTheStepAgainHarmlessly() {
        recordTheSecondWorkload();
        RecoveryLedger forgetful = new RecoveryLedger() {
            @Override
            public void record(LedgerEntry entry) {
                ledger.record(entry);
            }

            @Override
            public List<LedgerEntry> since(Instant from) {
                return ledger.since(from);
            }

            @Override
            public java.util.Optional<Instant> stepDone(String recoveryId, String step) {
                return ledger.stepDone(recoveryId, step);
            }

            @Override
            public void markStepDone(String recoveryId, String step, Instant at) {
                if (step.equals(RecoveryService.Step.REPROJECT_ORDERS.name())
                        && ledger.stepDone(recoveryId, "crashed").isEmpty()) {
                    ledger.markStepDone(recoveryId, "crashed", at);
                    throw new IllegalStateException("killed before the checkpoint was written");
                }
                ledger.markStepDone(recoveryId, step, at);
            }
        };
        RecoveryService crashing = new RecoveryService(forgetful, targets, clock);
        assertThrows(IllegalStateException.class, () -> crashing.recover(new RecoveryService.Request("r1", T)));
        crashing.recover(new RecoveryService.Request("r1", T));
        assertEquals(EXPECTED, targets.effects);
        assertEquals(
                2, targets.calls.stream().filter(c -> c.startsWith("reproject")).count(), "run again");
    }

    @Test
    void aSkewOfZeroReappliesOnlyFromTheRestorePoint() {
        recordTheSecondWorkload();
        recovery.recover(new RecoveryService.Request("r1", T, Duration.ZERO));
        assertEquals("reproject since " + T, targets.calls.get(0));
        assertFalse(targets.calls.contains("end all u5"), "two minutes before T");
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 3601})
    void aSkewOutsideZeroToAnHourIsRefused(long seconds) {
        assertEquals(
                "INVALID_SKEW",
                assertThrows(
                                DomainException.class,
                                () -> new RecoveryService.Request("r1", T, Duration.ofSeconds(seconds)))
                        .code());
    }

    @Test
    void anotherRecoveryIdStartsFromTheFirstStep() {
        recovery.recover(new RecoveryService.Request("r1", T));
        targets.calls.clear();
        recovery.recover(new RecoveryService.Request("r2", T));
        assertEquals(List.of("reproject since 2026-12-02T16:55:00Z", "delete orphans"), targets.calls);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "has space",
                "a/b",
                "-leading-dash",
                "x12345678901234567890123456789012345678901234567890123456789012345"
            })
    void aMalformedRecoveryIdIsRefusedWithACode(String id) {
        DomainException refused =
                assertThrows(DomainException.class, () -> recovery.recover(new RecoveryService.Request(id, T)));
        assertEquals("INVALID_RECOVERY_ID", refused.code());
        assertTrue(targets.calls.isEmpty());
    }

    @Test
    void aRestorePointInTheFutureOrPastTheWindowIsRefusedBeforeAnyStep() {
        assertEquals(
                "RESTORE_POINT_IN_FUTURE",
                assertThrows(
                                DomainException.class,
                                () -> recovery.recover(new RecoveryService.Request(
                                        "r1", clock.instant().plusSeconds(60))))
                        .code());
        assertEquals(
                "RESTORE_POINT_TOO_OLD",
                assertThrows(
                                DomainException.class,
                                () -> recovery.recover(new RecoveryService.Request(
                                        "r1", clock.instant().minus(Duration.ofDays(36)))))
                        .code());
        assertTrue(targets.calls.isEmpty());
        assertTrue(ledger.stepDone("r1", "REPROJECT_ORDERS").isEmpty());
    }
}
