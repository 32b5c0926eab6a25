package dev.polystack.user;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

public final class UserService {
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final Clock clock;

    public UserService(UserRepository users, PasswordHasher hasher, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.clock = clock;
    }

    public User signUp(Email email, Password password, DisplayName name) {
        User user = new User(UUID.randomUUID().toString(), email, name, hasher.hash(password),
                Instant.now(clock).truncatedTo(java.time.temporal.ChronoUnit.MILLIS), 1);
        users.create(user);
        return user;
    }

    public UserProfile profile(String userId) {
        return users.profile(userId, clock.instant().getEpochSecond())
                .orElseThrow(UserErrors::accountGone);
    }

    public long rename(String userId, DisplayName name, long expectedVersion) {
        if (expectedVersion < 1) {
            throw UserErrors.invalidVersion();
        }
        return users.rename(userId, name, expectedVersion);
    }
}
