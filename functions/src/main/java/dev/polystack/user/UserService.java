package dev.polystack.user;

import dev.polystack.shared.RateLimiter;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

public final class UserService {
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final RateLimiter limiter;
    private final SignUpLimits limits;

    public UserService(UserRepository users, PasswordHasher hasher, Clock clock) {
        this(users, hasher, clock, RateLimiter.NONE, SignUpLimits.DEFAULT);
    }

    public UserService(
            UserRepository users, PasswordHasher hasher, Clock clock, RateLimiter limiter, SignUpLimits limits) {
        this.limiter = limiter;
        this.limits = limits;
        this.users = users;
        this.hasher = hasher;
        this.clock = clock;
    }

    public User signUp(Email email, Password password, DisplayName name) {
        return signUp(email, password, name, null);
    }

    /** Counted per source address before the password is hashed; 429 once the window is used up. */
    public User signUp(Email email, Password password, DisplayName name, String sourceAddress) {
        limiter.take(limits.limitsFor(sourceAddress), clock.instant());
        User user = new User(
                UUID.randomUUID().toString(),
                email,
                name,
                hasher.hash(password),
                Instant.now(clock).truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                1);
        users.create(user);
        return user;
    }

    public UserProfile profile(String userId) {
        return users.profile(userId, clock.instant().getEpochSecond()).orElseThrow(UserErrors::accountGone);
    }

    public long rename(String userId, DisplayName name, long expectedVersion) {
        if (expectedVersion < 1) {
            throw UserErrors.invalidVersion();
        }
        return users.rename(userId, name, expectedVersion);
    }
}
