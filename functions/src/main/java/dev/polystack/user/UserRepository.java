package dev.polystack.user;

import java.util.Optional;

public interface UserRepository {
    /** Stores the profile and claims the e-mail in one transaction; EMAIL_TAKEN if it is claimed. */
    void create(User user);

    Optional<Credentials> findCredentials(Email email);

    /** The profile with recent orders and pending uploads, from one read of the user's item collection. */
    Optional<UserProfile> profile(String userId, long nowEpochSeconds);

    /** Renames if the stored version is {@code expectedVersion}; returns the new version. */
    long rename(String userId, DisplayName name, long expectedVersion);
}
