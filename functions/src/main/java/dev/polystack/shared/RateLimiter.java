package dev.polystack.shared;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Counts attempts in fixed windows (failed logins per account and per source address, sign-ups per
 * source address) so that abuse is refused before it costs anything: OWASP API2 and API4.
 */
public interface RateLimiter {

    /**
     * At most {@code max} attempts per {@code window} for one subject of one kind.
     *
     * @param name    what is counted ({@code login-account}, {@code login-ip}, {@code signup-ip})
     * @param subject whom it is counted for (a hash of the e-mail address, a source address)
     */
    record Limit(String name, String subject, int max, Duration window) {
        public Limit {
            if (max < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("a limit needs a positive maximum and window: " + name);
            }
        }

        public Instant windowStart(Instant at) {
            long seconds = window.toSeconds();
            return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), seconds) * seconds);
        }

        public Instant windowEnd(Instant at) {
            return windowStart(at).plus(window);
        }
    }

    /**
     * Counts one attempt against every limit at once; when any of them is used up, counts nothing
     * and refuses with {@link TooManyAttempts} (the time until that window ends).
     */
    void take(List<Limit> limits, Instant now);

    /** Takes back the attempt counted at {@code takenAt} (a login that succeeded); never below zero. */
    void giveBack(List<Limit> limits, Instant takenAt);

    /**
     * Refuses with {@link TooManyAttempts} once {@code limit.max()} distinct accounts have failed from
     * the limit's subject in this window and not logged in since (the credential-stuffing signal: many
     * different accounts failing from one address); counts nothing. Says whether {@code account} is
     * one of them, so that a success clears only what is there.
     */
    boolean checkFailing(Limit limit, String account, Instant now);

    /** Adds {@code account} to the window's failing accounts of the limit's subject (a failed login). */
    void addFailing(Limit limit, String account, Instant now);

    /** Takes {@code account} out of the failing accounts of the window of {@code at} (it logged in). */
    void clearFailing(Limit limit, String account, Instant at);

    /** No limits: for tests of other behaviour, and for callers that count elsewhere. */
    RateLimiter NONE = new RateLimiter() {
        @Override
        public void take(List<Limit> limits, Instant now) {}

        @Override
        public void giveBack(List<Limit> limits, Instant takenAt) {}

        @Override
        public boolean checkFailing(Limit limit, String account, Instant now) {
            return false;
        }

        @Override
        public void addFailing(Limit limit, String account, Instant now) {}

        @Override
        public void clearFailing(Limit limit, String account, Instant at) {}
    };

    /**
     * 503 {@code LIMITS_BUSY}: a counter could not be read or written in time (contention or
     * throttling on its item); nothing was counted and no password was checked, so the client may
     * simply try again ({@code Retry-After}).
     */
    final class CountersBusy extends DomainException {
        public CountersBusy() {
            super(ErrorKind.UNAVAILABLE, "LIMITS_BUSY", "too many attempts at once; try again shortly");
        }
    }

    /** 429 {@code TOO_MANY_ATTEMPTS}, with the seconds until the window that refused ends ({@code Retry-After}). */
    final class TooManyAttempts extends DomainException {
        private final long retryAfterSeconds;

        public TooManyAttempts(Limit limit, Instant now) {
            super(ErrorKind.TOO_MANY_REQUESTS, "TOO_MANY_ATTEMPTS", "too many attempts; try again later");
            this.retryAfterSeconds =
                    Math.max(1, Duration.between(now, limit.windowEnd(now)).toSeconds());
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
