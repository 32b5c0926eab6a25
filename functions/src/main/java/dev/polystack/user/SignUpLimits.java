package dev.polystack.user;

import dev.polystack.shared.RateLimiter.Limit;
import java.time.Duration;
import java.util.List;

/** How many sign-ups one source address may make per window (each costs an Argon2id hash and a user). */
public record SignUpLimits(int perSourceAddress, Duration window) {
    public static final SignUpLimits DEFAULT = new SignUpLimits(20, Duration.ofHours(1));

    public List<Limit> limitsFor(String sourceAddress) {
        return sourceAddress == null || sourceAddress.isBlank()
                ? List.of()
                : List.of(new Limit("signup-ip", sourceAddress, perSourceAddress, window));
    }
}
