package dev.polystack.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AccountStore} does with erasure jobs: the fake ({@code InMemoryAccountContractTest})
 * and the DynamoDB adapter on DynamoDB Local ({@code DynamoAccountStoreContractIT}).
 */
public abstract class AccountStoreContract {
    protected abstract AccountStore store();

    final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    final ErasureJob job = new ErasureJob(UUID.randomUUID().toString(), now);

    @Test
    public void anAcceptedJobIsFoundAndListedAndASecondAcceptanceIsRefused() {
        assertTrue(store().accept(job));
        assertEquals(job, store().job(job.userId()).orElseThrow());
        assertTrue(store().jobs().contains(job), "a consistent read lists it at once");
        assertFalse(
                store().accept(new ErasureJob(job.userId(), now.plusSeconds(5))),
                "a concurrent erasure of the same user");
        assertEquals(now, store().job(job.userId()).orElseThrow().acceptedAt(), "the first job stands");
    }

    @Test
    public void theFirstRevocationTimeStands() {
        store().accept(job);
        store().sessionsRevoked(job.withSessionsRevokedAt(now.plusSeconds(1)));
        store().sessionsRevoked(job.withSessionsRevokedAt(now.plusSeconds(60)));
        assertEquals(now.plusSeconds(1), store().job(job.userId()).orElseThrow().sessionsRevokedAt());
    }

    @Test
    public void aFinishedJobIsGoneAndFinishingAgainIsHarmless() {
        store().accept(job);
        store().finish(job);
        assertTrue(store().job(job.userId()).isEmpty());
        assertFalse(store().jobs().stream().anyMatch(j -> j.userId().equals(job.userId())));
        store().finish(job);
        store().sessionsRevoked(job.withSessionsRevokedAt(now));
        assertTrue(store().job(job.userId()).isEmpty(), "recording the revocation does not bring a finished job back");
    }

    @Test
    public void aUserWithNothingStoredHasNothingToRevokeOrDelete() {
        assertEquals(0, store().revokeSessions(job.userId()));
        assertEquals(0, store().deleteItems(job.userId()));
        assertTrue(store().job(job.userId()).isEmpty());
    }
}
