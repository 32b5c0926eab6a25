package dev.polystack.user;

import dev.polystack.shared.Role;
import java.time.Instant;
import java.util.Set;

/** A registered user. {@code version} increases with every change of the profile, for optimistic locking. */
public record User(
        String userId,
        Email email,
        DisplayName name,
        String passwordHash,
        Instant createdAt,
        long version,
        Set<Role> roles) {
    public User {
        roles = Set.copyOf(roles);
    }

    /** A user without roles, as every sign-up makes one: the first administrator comes from an operator, never from HTTP. */
    public User(String userId, Email email, DisplayName name, String passwordHash, Instant createdAt, long version) {
        this(userId, email, name, passwordHash, createdAt, version, Set.of());
    }
}
