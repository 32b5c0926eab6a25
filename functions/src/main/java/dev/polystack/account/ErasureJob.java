package dev.polystack.account;

import java.time.Instant;
import java.util.Objects;

/**
 * A recorded erasure: whose account, and when the request was accepted. It is the only thing that
 * carries the user's id once the erasure has begun, and it is deleted when the erasure is finished.
 */
public record ErasureJob(String userId, Instant acceptedAt) {
    public ErasureJob {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        if (userId.isBlank()) {
            throw new IllegalArgumentException("userId must not be blank");
        }
    }
}
