package dev.polystack.session;

import dev.polystack.shared.Role;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

/** The session port in memory; {@code rolesCurrent} stands for the DynamoDB adapter's check that a session's roles are the user's. */
public final class InMemorySessions implements SessionStore {
    public final Map<String, Session> byHash = new ConcurrentHashMap<>();
    public final AtomicInteger reads = new AtomicInteger();
    public volatile BiPredicate<String, Set<Role>> rolesCurrent = (userId, roles) -> true;

    @Override
    public boolean put(Session session) {
        if (!rolesCurrent.test(session.userId(), session.roles())) {
            return false;
        }
        byHash.put(session.tokenHash(), session);
        return true;
    }

    @Override
    public Optional<Session> find(String tokenHash, Instant now) {
        reads.incrementAndGet();
        return Optional.ofNullable(byHash.get(tokenHash)).filter(s -> !s.expiredAt(now));
    }

    @Override
    public boolean delete(String tokenHash, String userId) {
        Session session = byHash.get(tokenHash);
        return session != null && session.userId().equals(userId) && byHash.remove(tokenHash, session);
    }

    @Override
    public int updateRoles(String userId, Set<Role> roles, Instant now) {
        int updated = 0;
        for (Session session : byHash.values()) {
            if (session.userId().equals(userId) && !session.expiredAt(now)) {
                byHash.put(session.tokenHash(), new Session(session.tokenHash(), userId, roles, session.createdAt(), session.expiresAt()));
                updated++;
            }
        }
        return updated;
    }

    @Override
    public int revokeAll(String userId, String keep) {
        int revoked = 0;
        for (Session session : byHash.values()) {
            if (session.userId().equals(userId) && !session.tokenHash().equals(keep) && byHash.remove(session.tokenHash(), session)) {
                revoked++;
            }
        }
        return revoked;
    }
}
