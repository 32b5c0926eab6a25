package dev.polystack.session;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

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
}
