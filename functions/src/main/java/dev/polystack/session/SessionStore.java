package dev.polystack.session;

import dev.polystack.shared.RateLimiter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface SessionStore {
    void put(Session session);

    /**
     * Stores the session and gives back the attempts its login took; a store that can do both in one
     * write does (one DynamoDB call per login for the counters, not two).
     */
    default void putGivingBack(Session session, RateLimiter limiter, List<RateLimiter.Limit> attempt, Instant takenAt) {
        put(session);
        limiter.giveBack(attempt, takenAt);
    }

    /** The session, unless it is missing or expired at {@code now} (even if its item still exists). */
    Optional<Session> find(String tokenHash, Instant now);

    /** Deletes the session if it belongs to {@code userId}; returns whether one was deleted. */
    boolean delete(String tokenHash, String userId);
}
