package dev.polystack.shared;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Fixed windows in memory, as {@code DynamoRateLimiter} counts them: attempts per limit, failing accounts per address. */
public final class InMemoryRateLimiter implements RateLimiter {
    /** Attempts counted per limit and window (a window given back to zero is removed). */
    public final Map<String, Integer> counts = new ConcurrentHashMap<>();
    /** Failing accounts per limit and window. */
    public final Map<String, Set<String>> failing = new ConcurrentHashMap<>();

    private static String key(Limit limit, Instant at) {
        return limit.name() + "|" + limit.subject() + "|" + limit.windowStart(at);
    }

    @Override
    public synchronized void take(List<Limit> limits, Instant now) {
        for (Limit limit : limits) {
            if (counts.getOrDefault(key(limit, now), 0) >= limit.max()) {
                throw new TooManyAttempts(limit, now);
            }
        }
        limits.forEach(limit -> counts.merge(key(limit, now), 1, Integer::sum));
    }

    @Override
    public synchronized void giveBack(List<Limit> limits, Instant takenAt) {
        limits.forEach(limit -> counts.computeIfPresent(key(limit, takenAt), (k, n) -> n > 1 ? n - 1 : null));
    }

    @Override
    public synchronized boolean checkFailing(Limit limit, String account, Instant now) {
        Set<String> accounts = failing.getOrDefault(key(limit, now), Set.of());
        if (accounts.size() >= limit.max()) {
            throw new TooManyAttempts(limit, now);
        }
        return accounts.contains(account);
    }

    @Override
    public synchronized void addFailing(Limit limit, String account, Instant now) {
        failing.computeIfAbsent(key(limit, now), k -> ConcurrentHashMap.newKeySet())
                .add(account);
    }

    @Override
    public synchronized void clearFailing(Limit limit, String account, Instant at) {
        Set<String> accounts = failing.get(key(limit, at));
        if (accounts != null) {
            accounts.remove(account);
        }
    }
}
