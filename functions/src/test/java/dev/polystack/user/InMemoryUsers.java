package dev.polystack.user;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The user port in memory, for the fast tier; the DynamoDB adapter is tested against DynamoDB Local. */
public final class InMemoryUsers implements UserRepository {
    public final Map<String, User> byId = new ConcurrentHashMap<>();
    public final Map<String, String> idByEmail = new ConcurrentHashMap<>();

    @Override
    public synchronized void create(User user) {
        if (idByEmail.putIfAbsent(user.email().value(), user.userId()) != null) {
            throw UserErrors.emailTaken();
        }
        byId.put(user.userId(), user);
    }

    @Override
    public Optional<Credentials> findCredentials(Email email) {
        return Optional.ofNullable(idByEmail.get(email.value())).map(id -> new Credentials(id, byId.get(id).passwordHash()));
    }

    @Override
    public Optional<UserProfile> profile(String userId, long nowEpochSeconds) {
        return Optional.ofNullable(byId.get(userId)).map(user -> new UserProfile(user, List.of(), List.of()));
    }

    @Override
    public synchronized long rename(String userId, DisplayName name, long expectedVersion) {
        User user = byId.get(userId);
        if (user == null) {
            throw UserErrors.accountGone();
        }
        if (user.version() != expectedVersion) {
            throw UserErrors.versionConflict();
        }
        byId.put(userId, new User(userId, user.email(), name, user.passwordHash(), user.createdAt(), expectedVersion + 1));
        return expectedVersion + 1;
    }
}
