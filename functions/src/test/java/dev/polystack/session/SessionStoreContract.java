package dev.polystack.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.shared.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionStore} does: the fake ({@code InMemorySessionsContractTest}) and the
 * DynamoDB adapter on DynamoDB Local ({@code DynamoSessionStoreContractIT}).
 */
public abstract class SessionStoreContract {
    protected abstract SessionStore sessions();

    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    final String userId = UUID.randomUUID().toString();

    Session live(String user) {
        return new Session(SessionToken.generate().hash(), user, Set.of(), now, now.plus(Duration.ofHours(1)));
    }

    @Test
    public void aStoredSessionIsFoundUntilItExpiresWhetherOrNotItsItemRemains() {
        Session session = live(userId);
        sessions().put(session);
        assertEquals(session, sessions().find(session.tokenHash(), now).orElseThrow());
        assertTrue(sessions().find(session.tokenHash(), session.expiresAt()).isEmpty(), "expired at its expiry");
        assertTrue(sessions().find(SessionToken.generate().hash(), now).isEmpty());
    }

    @Test
    public void aSessionIsDeletedOnlyByItsOwnerAndOnlyOnce() {
        Session session = live(userId);
        sessions().put(session);
        assertFalse(sessions().delete(session.tokenHash(), UUID.randomUUID().toString()));
        assertTrue(sessions().find(session.tokenHash(), now).isPresent());
        assertTrue(sessions().delete(session.tokenHash(), userId));
        assertTrue(sessions().find(session.tokenHash(), now).isEmpty());
        assertFalse(sessions().delete(session.tokenHash(), userId));
    }

    @Test
    public void aSecondPutOfTheSameTokenReplacesItsRoles() {
        Session session = live(userId);
        sessions().put(session);
        sessions()
                .put(new Session(
                        session.tokenHash(), userId, Set.of(Role.ADMIN), session.createdAt(), session.expiresAt()));
        assertEquals(
                Set.of(Role.ADMIN),
                sessions().find(session.tokenHash(), now).orElseThrow().roles());
    }

    @Test
    public void newRolesReachEveryLiveSessionOfTheUserAndNoOtherUsers() {
        Session one = live(userId);
        Session two = live(userId);
        Session expired = new Session(
                SessionToken.generate().hash(),
                userId,
                Set.of(),
                now.minus(Duration.ofHours(2)),
                now.minus(Duration.ofHours(1)));
        Session someoneElses = live(UUID.randomUUID().toString());
        for (Session s : new Session[] {one, two, expired, someoneElses}) {
            sessions().put(s);
        }
        assertEquals(2, sessions().updateRoles(userId, Set.of(Role.ADMIN), now));
        assertEquals(
                Set.of(Role.ADMIN),
                sessions().find(one.tokenHash(), now).orElseThrow().roles());
        assertEquals(
                Set.of(Role.ADMIN),
                sessions().find(two.tokenHash(), now).orElseThrow().roles());
        assertEquals(
                Set.of(),
                sessions().find(someoneElses.tokenHash(), now).orElseThrow().roles());
        assertEquals(
                0,
                sessions().updateRoles(UUID.randomUUID().toString(), Set.of(Role.ADMIN), now),
                "a user without sessions");
    }

    @Test
    public void revokingAllButOneEndsTheRestAndARepeatEndsNothing() {
        Session keep = live(userId);
        Session other = live(userId);
        Session third = live(userId);
        Session someoneElses = live(UUID.randomUUID().toString());
        for (Session s : new Session[] {keep, other, third, someoneElses}) {
            sessions().put(s);
        }
        assertEquals(2, sessions().revokeAll(userId, keep.tokenHash()));
        assertTrue(sessions().find(keep.tokenHash(), now).isPresent());
        assertTrue(sessions().find(other.tokenHash(), now).isEmpty());
        assertTrue(sessions().find(third.tokenHash(), now).isEmpty());
        assertTrue(sessions().find(someoneElses.tokenHash(), now).isPresent());
        assertEquals(0, sessions().revokeAll(userId, keep.tokenHash()), "safe to repeat");
        assertEquals(1, sessions().revokeAll(userId, null));
        assertTrue(sessions().find(keep.tokenHash(), now).isEmpty());
    }

    @Test
    public void aRoleUpdateAfterALogoutCountsNoSession() {
        Session session = live(userId);
        sessions().put(session);
        assertTrue(sessions().delete(session.tokenHash(), userId));
        assertEquals(0, sessions().updateRoles(userId, Set.of(Role.ADMIN), now));
        assertTrue(sessions().find(session.tokenHash(), now).isEmpty(), "the update does not bring it back");
    }
}
