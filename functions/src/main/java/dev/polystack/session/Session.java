package dev.polystack.session;

import dev.polystack.shared.Role;
import java.time.Instant;
import java.util.Set;

/** A signed-in session, stored under the hash of its token, with the roles its user had at login (kept current by role changes). */
public record Session(String tokenHash, String userId, Set<Role> roles, Instant createdAt, Instant expiresAt) {
    public Session {
        roles = Set.copyOf(roles);
    }

    public Session(String tokenHash, String userId, Instant createdAt, Instant expiresAt) {
        this(tokenHash, userId, Set.of(), createdAt, expiresAt);
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
