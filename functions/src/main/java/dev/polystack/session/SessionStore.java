package dev.polystack.session;

import java.time.Instant;
import java.util.Optional;

public interface SessionStore {
    void put(Session session);

    /** The session, unless it is missing or expired at {@code now} (even if its item still exists). */
    Optional<Session> find(String tokenHash, Instant now);

    /** Deletes the session if it belongs to {@code userId}; returns whether one was deleted. */
    boolean delete(String tokenHash, String userId);
}
