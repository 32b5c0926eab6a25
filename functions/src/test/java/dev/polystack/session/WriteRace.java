package dev.polystack.session;

import dev.polystack.shared.Role;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** A concurrent change that commits between a login's read of the credentials and its write of the session. */
public final class WriteRace {
    private WriteRace() {}

    /** {@code store}, running {@code between} once, just before the first session is written. */
    public static SessionStore before(SessionStore store, Runnable between) {
        AtomicInteger writes = new AtomicInteger();
        return new SessionStore() {
            @Override
            public void put(Session session) {
                if (writes.incrementAndGet() == 1) {
                    between.run();
                }
                store.put(session);
            }

            @Override
            public Optional<Session> find(String tokenHash, Instant now) {
                return store.find(tokenHash, now);
            }

            @Override
            public boolean delete(String tokenHash, String userId) {
                return store.delete(tokenHash, userId);
            }

            @Override
            public int updateRoles(String userId, Set<Role> newRoles, Instant now) {
                return store.updateRoles(userId, newRoles, now);
            }

            @Override
            public int revokeAll(String userId, String keep) {
                return store.revokeAll(userId, keep);
            }
        };
    }
}
