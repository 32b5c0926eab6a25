package dev.polystack.user;

import dev.polystack.shared.Actor;
import dev.polystack.shared.Role;
import java.time.Instant;
import java.util.Optional;

public interface UserRepository {
    /** Stores the profile and claims the e-mail in one transaction; EMAIL_TAKEN if it is claimed. */
    void create(User user);

    Optional<Credentials> findCredentials(Email email);

    /** The profile with recent orders and pending uploads, from one read of the user's item collection. */
    Optional<UserProfile> profile(String userId, long nowEpochSeconds);

    /** Renames if the stored version is {@code expectedVersion}; returns the new version. */
    long rename(String userId, DisplayName name, long expectedVersion);

    /**
     * Grants ({@code grant}) or revokes one role of the user with this id, on the profile and on the
     * e-mail claim (which a login reads) together, and records who did it; empty if there is no such
     * user. Granting a role the user has, or revoking one they lack, changes nothing.
     */
    Optional<RoleChange> changeRole(String userId, Role role, boolean grant, Actor actor, Instant at);

    /** The same, for the user this e-mail address belongs to. */
    Optional<RoleChange> changeRole(Email email, Role role, boolean grant, Actor actor, Instant at);

    /** The user with this id (e-mail, password hash, roles), read consistently; empty if there is none. */
    Optional<User> find(String userId);

    /**
     * Replaces the password hash on the profile and on the e-mail claim (which a login reads) in one
     * write, if both still hold {@code user.passwordHash()}; false, with nothing written, if either
     * does not (another change came first, or the account is gone).
     */
    boolean changePasswordHash(User user, String newHash);

    /**
     * Deletes the profile and the e-mail claim (the claim only while it is still this user's) in one
     * write: from then on no login finds the account. False if there was no profile. Safe to repeat.
     */
    boolean removeAccount(String userId);
}
