package dev.polystack.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.shared.DomainException;
import dev.polystack.shared.Operator;
import dev.polystack.shared.Role;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UserRepository} does, the in-memory fake ({@code InMemoryUsersContractTest}) and
 * the DynamoDB adapter on DynamoDB Local ({@code DynamoUserRepositoryContractIT}) alike. Every test
 * makes its own users, so the real store may be shared.
 */
public abstract class UserRepositoryContract {
    protected abstract UserRepository users();

    static User newUser() {
        String id = UUID.randomUUID().toString();
        return new User(
                id,
                new Email("contract-" + id + "@example.com"),
                new DisplayName("Ada"),
                "hash-1",
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                1);
    }

    @Test
    public void aCreatedUserIsFoundByIdAndItsCredentialsByEmail() {
        User ada = newUser();
        users().create(ada);
        Credentials credentials = users().findCredentials(ada.email()).orElseThrow();
        assertEquals(ada.userId(), credentials.userId());
        assertEquals("hash-1", credentials.passwordHash());
        assertEquals(Set.of(), credentials.roles());
        User found = users().find(ada.userId()).orElseThrow();
        assertEquals(ada.email(), found.email());
        assertEquals(ada.name(), found.name());
        assertEquals(1, found.version());
        assertEquals(
                ada.userId(),
                users().profile(ada.userId(), Instant.now().getEpochSecond())
                        .orElseThrow()
                        .user()
                        .userId());
    }

    @Test
    public void anUnknownUserIsEmptyEverywhere() {
        User nobody = newUser();
        assertTrue(users().find(nobody.userId()).isEmpty());
        assertTrue(users().findCredentials(nobody.email()).isEmpty());
        assertTrue(
                users().profile(nobody.userId(), Instant.now().getEpochSecond()).isEmpty());
        assertTrue(users().changeRole(nobody.userId(), Role.ADMIN, true, new Operator("ops"), Instant.now())
                .isEmpty());
        assertFalse(users().removeAccount(nobody.userId()));
    }

    @Test
    public void aClaimedEmailIsEmailTakenAndTheSecondUserIsNotStored() {
        User first = newUser();
        users().create(first);
        User second = new User(
                UUID.randomUUID().toString(), first.email(), new DisplayName("Eve"), "hash-2", Instant.now(), 1);
        assertEquals(
                "EMAIL_TAKEN",
                assertThrows(DomainException.class, () -> users().create(second))
                        .code());
        assertTrue(users().find(second.userId()).isEmpty());
        assertEquals(
                first.userId(),
                users().findCredentials(first.email()).orElseThrow().userId());
    }

    @Test
    public void aSecondProfileWithTheSameIdIsRefusedAndItsEmailIsNotClaimed() {
        User first = newUser();
        users().create(first);
        User sameId = new User(
                first.userId(),
                new Email("other-" + first.userId() + "@example.com"),
                new DisplayName("Eve"),
                "hash-2",
                Instant.now(),
                1);
        assertThrows(RuntimeException.class, () -> users().create(sameId));
        assertTrue(users().findCredentials(sameId.email()).isEmpty(), "nothing of the refused sign-up is written");
        assertEquals(first.email(), users().find(first.userId()).orElseThrow().email());
    }

    @Test
    public void renameNeedsTheStoredVersionAndCountsIt() {
        User ada = newUser();
        users().create(ada);
        assertEquals(2, users().rename(ada.userId(), new DisplayName("Ada L."), 1));
        assertEquals(
                "VERSION_CONFLICT",
                assertThrows(DomainException.class, () -> users().rename(ada.userId(), new DisplayName("Stale"), 1))
                        .code());
        assertEquals(
                new DisplayName("Ada L."),
                users().find(ada.userId()).orElseThrow().name());
        assertEquals(
                UserErrors.accountGone().code(),
                assertThrows(
                                DomainException.class,
                                () -> users().rename(newUser().userId(), new DisplayName("X"), 1))
                        .code());
    }

    @Test
    public void aGrantShowsOnTheProfileAndTheCredentialsAndARepeatChangesNothing() {
        User ada = newUser();
        users().create(ada);
        RoleChange granted = users().changeRole(ada.email(), Role.ADMIN, true, new Operator("ops"), Instant.now())
                .orElseThrow();
        assertTrue(granted.changed());
        assertEquals(Set.of(Role.ADMIN), granted.after());
        assertEquals(
                Set.of(Role.ADMIN),
                users().findCredentials(ada.email()).orElseThrow().roles());
        assertEquals(
                Set.of(Role.ADMIN), users().find(ada.userId()).orElseThrow().roles());
        assertFalse(users().changeRole(ada.userId(), Role.ADMIN, true, new Operator("ops"), Instant.now())
                .orElseThrow()
                .changed());
        RoleChange revoked = users().changeRole(ada.userId(), Role.ADMIN, false, new Operator("ops"), Instant.now())
                .orElseThrow();
        assertEquals(Set.of(), revoked.after());
        assertEquals(
                Set.of(), users().findCredentials(ada.email()).orElseThrow().roles());
    }

    @Test
    public void aPasswordHashChangesOnlyFromTheOneVerified() {
        User ada = newUser();
        users().create(ada);
        User read = users().find(ada.userId()).orElseThrow();
        assertTrue(users().changePasswordHash(read, "hash-2"));
        assertEquals(
                "hash-2", users().findCredentials(ada.email()).orElseThrow().passwordHash());
        assertFalse(users().changePasswordHash(read, "hash-3"), "read before the change: refused");
        assertEquals("hash-2", users().find(ada.userId()).orElseThrow().passwordHash());
    }

    @Test
    public void aRemovedAccountIsGoneItsEmailFreeAndARepeatIsFalse() {
        User ada = newUser();
        users().create(ada);
        assertTrue(users().removeAccount(ada.userId()));
        assertTrue(users().find(ada.userId()).isEmpty());
        assertTrue(users().findCredentials(ada.email()).isEmpty());
        assertFalse(users().removeAccount(ada.userId()), "safe to repeat");
        User again =
                new User(UUID.randomUUID().toString(), ada.email(), new DisplayName("Ada"), "hash-9", Instant.now(), 1);
        users().create(again);
        assertEquals(
                again.userId(),
                users().findCredentials(ada.email()).orElseThrow().userId(),
                "the address can be claimed again");
    }
}
