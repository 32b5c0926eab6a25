package dev.polystack.session;

import dev.polystack.shared.Role;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The session port in memory, proven to behave like the DynamoDB adapter by {@code SessionStoreContract}. */
public final class InMemorySessions implements SessionStore {
    public final Map<String, Session> byHash = new ConcurrentHashMap<>();
    public final AtomicInteger reads = new AtomicInteger();

    @Override
    public void put(Session session) {
        byHash.put(session.tokenHash(), session);
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
                byHash.put(
                        session.tokenHash(),
                        new Session(session.tokenHash(), userId, roles, session.createdAt(), session.expiresAt()));
                updated++;
            }
        }
        return updated;
    }

    @Override
    public int revokeAll(String userId, String keep) {
        int revoked = 0;
        for (Session session : byHash.values()) {
            if (session.userId().equals(userId)
                    && !session.tokenHash().equals(keep)
                    && byHash.remove(session.tokenHash(), session)) {
                revoked++;
            }
        }
        return revoked;
    }
}
