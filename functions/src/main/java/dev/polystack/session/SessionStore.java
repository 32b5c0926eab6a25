package dev.polystack.session;

import dev.polystack.shared.Role;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

public interface SessionStore {
    /**
     * Stores the session, findable by its user (replacing a session with the same token hash). The
     * store does not check the user's roles: the login does, after this (SessionService).
     */
    void put(Session session);

    /** The session, unless it is missing or expired at {@code now} (even if its item still exists). */
    Optional<Session> find(String tokenHash, Instant now);

    /** Deletes the session if it belongs to {@code userId}; returns whether one was deleted. */
    boolean delete(String tokenHash, String userId);

    /** Gives every live session of the user these roles, effective on its next request; returns how many it changed. */
    int updateRoles(String userId, Set<Role> roles, Instant now);

    /**
     * Ends every session of the user except the one whose token hash is {@code keep} (none kept when
     * null), at once: the authorizer's consistent read refuses them from the next request. Returns how
     * many were ended. Safe to repeat: a session already gone counts for nothing.
     */
    int revokeAll(String userId, String keep);
}
