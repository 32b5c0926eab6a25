package dev.polystack.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RecoveryLedger} does: the fake ({@code InMemoryLedgerContractTest}) and the
 * DynamoDB adapter on DynamoDB Local ({@code DynamoRecoveryLedgerContractIT}). Each test uses users of
 * its own, since the adapter's table is shared.
 */
public abstract class RecoveryLedgerContract {
    protected abstract RecoveryLedger ledger();

    final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    final String user = UUID.randomUUID().toString();

    private List<LedgerEntry> mine(Instant from) {
        return ledger().since(from).stream()
                .filter(e -> e.userId().equals(user))
                .toList();
    }

    @Test
    public void everyKindComesBackAsRecordedOldestFirst() {
        List<LedgerEntry> recorded = List.of(
                LedgerEntry.sessionEnded(user, "a".repeat(64), now.minusSeconds(50)),
                LedgerEntry.sessionsEnded(user, now.minusSeconds(40)),
                LedgerEntry.passwordChanged(user, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", now.minusSeconds(30)),
                LedgerEntry.roleRevoked(user, "admin", now.minusSeconds(20)),
                LedgerEntry.accountErased(user, now.minusSeconds(10)));
        for (int i = recorded.size() - 1; i >= 0; i--) {
            ledger().record(recorded.get(i));
        }
        assertEquals(recorded, mine(now.minusSeconds(60)));
    }

    @Test
    public void onlyEntriesAtOrAfterTheRestorePointAreFound() {
        LedgerEntry before = LedgerEntry.sessionsEnded(user, now.minusMillis(1));
        LedgerEntry at = LedgerEntry.sessionsEnded(user, now);
        LedgerEntry after = LedgerEntry.roleRevoked(user, "admin", now.plusMillis(1));
        ledger().record(before);
        ledger().record(at);
        ledger().record(after);
        assertEquals(List.of(at, after), mine(now));
    }

    @Test
    public void entriesOfEarlierDaysInTheWindowAreFound() {
        LedgerEntry threeDaysAgo = LedgerEntry.sessionsEnded(user, now.minus(3, ChronoUnit.DAYS));
        LedgerEntry today = LedgerEntry.accountErased(user, now);
        ledger().record(today);
        ledger().record(threeDaysAgo);
        assertEquals(List.of(threeDaysAgo, today), mine(now.minus(4, ChronoUnit.DAYS)));
    }

    @Test
    public void theSameChangeRecordedTwiceIsTwoEntries() {
        // A retried request records again: re-applying a revocation twice is harmless, losing one is not.
        ledger().record(LedgerEntry.sessionsEnded(user, now));
        ledger().record(LedgerEntry.sessionsEnded(user, now));
        assertEquals(2, mine(now).size());
    }

    @Test
    public void aStepIsDoneOnceMarkedAndTheFirstTimeStands() {
        String recovery = UUID.randomUUID().toString();
        assertTrue(ledger().stepDone(recovery, "reproject").isEmpty());
        ledger().markStepDone(recovery, "reproject", now);
        ledger().markStepDone(recovery, "reproject", now.plusSeconds(5));
        assertEquals(now, ledger().stepDone(recovery, "reproject").orElseThrow());
        assertFalse(ledger().stepDone(recovery, "uploads").isPresent(), "another step");
        assertFalse(ledger().stepDone(UUID.randomUUID().toString(), "reproject").isPresent(), "another recovery");
    }
}
