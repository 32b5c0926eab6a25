package dev.polystack.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.shared.InMemoryRateLimiter;
import dev.polystack.shared.RateLimiter.TooManyAttempts;
import dev.polystack.user.Email;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The limits' rules over the in-memory limiter; {@code CrowdLoginIT} and {@code LimitsIT} run them through the stack. */
class LoginLimitsTest {
    static final String SHARED = "198.51.100.7";
    final InMemoryRateLimiter limiter = new InMemoryRateLimiter();
    final LoginLimits limits = new LoginLimits(3, 5, Duration.ofMinutes(15));
    final Instant now = Instant.parse("2026-12-02T10:00:00Z");

    LoginLimits.Attempt begin(String email) {
        return limits.begin(limiter, new Email(email), SHARED, now);
    }

    @Test
    void peopleWhoMistypeAndThenGetInNeverFillTheAddressesSet() {
        for (int person = 0; person < 100; person++) {
            String email = "person" + person + "@example.com";
            begin(email).failed();
            begin(email).succeeded();
        }
        assertTrue(limiter.failing.values().stream().allMatch(java.util.Set::isEmpty), limiter.failing.toString());
        assertEquals(100, limiter.counts.size());
        assertTrue(
                limiter.counts.values().stream().allMatch(n -> n == 1),
                "each account keeps its mistype, the success gave its own attempt back");
    }

    @Test
    void manyAccountsFailingFromOneAddressAreRefusedBeforeTheNextIsCounted() {
        for (int i = 0; i < 5; i++) {
            begin("stuffed" + i + "@example.com").failed();
        }
        assertThrows(TooManyAttempts.class, () -> begin("next@example.com"));
        assertEquals(5, limiter.counts.size(), "the refused account was not counted");
        limits.begin(limiter, new Email("next@example.com"), "198.51.100.8", now)
                .failed();
    }

    @Test
    void oneAccountGuessedFromOneAddressIsTheAccountLimits() {
        for (int i = 0; i < 3; i++) {
            begin("ada@example.com").failed();
        }
        assertThrows(TooManyAttempts.class, () -> begin("ada@example.com"));
        assertEquals(1, limiter.failing.values().iterator().next().size(), "one account in the address's set");
    }
}
