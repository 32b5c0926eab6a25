package dev.polystack.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.shared.RateLimiter.Limit;
import dev.polystack.shared.RateLimiter.TooManyAttempts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateLimiter} does, run against the in-memory fake and against the DynamoDB adapter on
 * DynamoDB Local, so the fast tier's counting is the table's. Subjects are fresh per test: the real table
 * is shared.
 */
public abstract class RateLimiterContract {
    private static final Instant NOW = Instant.parse("2026-12-02T10:07:30Z");
    private static final Duration WINDOW = Duration.ofMinutes(15);

    protected abstract RateLimiter limiter();

    private static Limit limit(String name, int max) {
        return new Limit(name, UUID.randomUUID().toString(), max, WINDOW);
    }

    private static void takeTimes(RateLimiter limiter, List<Limit> limits, int times, Instant at) {
        for (int i = 0; i < times; i++) {
            limiter.take(limits, at);
        }
    }

    @Test
    void countsUpToTheMaximumThenRefusesUntilTheWindowEnds() {
        Limit limit = limit("contract-count", 3);
        takeTimes(limiter(), List.of(limit), 3, NOW);
        TooManyAttempts refused =
                assertThrows(TooManyAttempts.class, () -> limiter().take(List.of(limit), NOW));
        // 10:07:30 in the window 10:00-10:15: 450 s left.
        assertEquals(450, refused.retryAfterSeconds());
        limiter().take(List.of(limit), limit.windowEnd(NOW));
    }

    @Test
    void aRefusalByOneLimitCountsNothingOnTheOthers() {
        Limit small = limit("contract-small", 1);
        Limit large = limit("contract-large", 2);
        limiter().take(List.of(small, large), NOW);
        // The limit that refuses comes last: the ones before it must not have been counted either.
        assertThrows(TooManyAttempts.class, () -> limiter().take(List.of(large, small), NOW));
        limiter().take(List.of(large), NOW);
        assertThrows(TooManyAttempts.class, () -> limiter().take(List.of(large), NOW));
    }

    @Test
    void aGiveBackFreesOneAttemptOfItsOwnWindowAndNeverGoesBelowZero() {
        Limit limit = limit("contract-give-back", 2);
        limiter().giveBack(List.of(limit), NOW);
        takeTimes(limiter(), List.of(limit), 2, NOW);
        assertThrows(TooManyAttempts.class, () -> limiter().take(List.of(limit), NOW));
        limiter().giveBack(List.of(limit), NOW.minus(WINDOW));
        assertThrows(
                TooManyAttempts.class,
                () -> limiter().take(List.of(limit), NOW),
                "a give-back of the previous window frees nothing in this one");
        limiter().giveBack(List.of(limit), NOW);
        limiter().take(List.of(limit), NOW);
        assertThrows(TooManyAttempts.class, () -> limiter().take(List.of(limit), NOW));
    }

    @Test
    void subjectsAndNamesAreCountedApart() {
        Limit one = limit("contract-apart", 1);
        Limit other = new Limit(one.name(), one.subject() + "-other", 1, WINDOW);
        Limit renamed = new Limit(one.name() + "-renamed", one.subject(), 1, WINDOW);
        limiter().take(List.of(one), NOW);
        limiter().take(List.of(other), NOW);
        limiter().take(List.of(renamed), NOW);
        assertThrows(TooManyAttempts.class, () -> limiter().take(List.of(one), NOW));
    }

    @Test
    void failingAccountsAreDistinctAndRefuseAtTheMaximum() {
        Limit limit = limit("contract-failing", 2);
        assertFalse(limiter().checkFailing(limit, "a@example.com", NOW));
        limiter().addFailing(limit, "a@example.com", NOW);
        limiter().addFailing(limit, "a@example.com", NOW);
        assertTrue(limiter().checkFailing(limit, "a@example.com", NOW));
        assertFalse(limiter().checkFailing(limit, "b@example.com", NOW), "one account, twice, is one");
        limiter().addFailing(limit, "b@example.com", NOW);
        TooManyAttempts refused =
                assertThrows(TooManyAttempts.class, () -> limiter().checkFailing(limit, "c@example.com", NOW));
        assertEquals(450, refused.retryAfterSeconds());
        assertFalse(limiter().checkFailing(limit, "c@example.com", limit.windowEnd(NOW)), "a new window");
    }

    @Test
    void aLoginClearsOnlyItsOwnAccountFromItsWindow() {
        Limit limit = limit("contract-clear", 2);
        limiter().addFailing(limit, "a@example.com", NOW);
        limiter().addFailing(limit, "b@example.com", NOW);
        limiter().clearFailing(limit, "a@example.com", NOW.minus(WINDOW));
        assertThrows(TooManyAttempts.class, () -> limiter().checkFailing(limit, "a@example.com", NOW));
        limiter().clearFailing(limit, "a@example.com", NOW);
        assertFalse(limiter().checkFailing(limit, "a@example.com", NOW));
        assertTrue(limiter().checkFailing(limit, "b@example.com", NOW));
        limiter().clearFailing(limit, "never-failed@example.com", NOW);
        assertTrue(limiter().checkFailing(limit, "b@example.com", NOW));
    }
}
