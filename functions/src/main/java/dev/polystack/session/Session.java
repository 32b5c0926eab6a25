package dev.polystack.session;

import java.time.Instant;

/** A signed-in session, stored under the hash of its token. */
public record Session(String tokenHash, String userId, Instant createdAt, Instant expiresAt) {
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
