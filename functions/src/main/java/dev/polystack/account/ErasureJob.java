package dev.polystack.account;

import java.time.Instant;
import java.util.Objects;

/**
 * A recorded erasure: whose account, when the request was accepted, and when the user's sessions were
 * first all revoked (null until then). It is the only thing that carries the user's id once the
 * erasure has begun, and it is deleted when the erasure is finished.
 */
public record ErasureJob(String userId, Instant acceptedAt, Instant sessionsRevokedAt) {
    public ErasureJob(String userId, Instant acceptedAt) {
        this(userId, acceptedAt, null);
    }

    public ErasureJob withSessionsRevokedAt(Instant at) {
        return new ErasureJob(userId, acceptedAt, at);
    }

    public ErasureJob {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        if (userId.isBlank()) {
            throw new IllegalArgumentException("userId must not be blank");
        }
    }
}
