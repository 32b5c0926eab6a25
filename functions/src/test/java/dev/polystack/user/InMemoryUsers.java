package dev.polystack.user;

import dev.polystack.shared.Actor;
import dev.polystack.shared.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The user port in memory, for the fast tier; the DynamoDB adapter is tested against DynamoDB Local. */
public final class InMemoryUsers implements UserRepository {
    public final Map<String, User> byId = new ConcurrentHashMap<>();
    public final Map<String, String> idByEmail = new ConcurrentHashMap<>();
    /** The audit records of role changes: who changed which role of whom. */
    public final List<String> roleChanges = new ArrayList<>();

    @Override
    public synchronized void create(User user) {
        if (idByEmail.containsKey(user.email().value())) {
            throw UserErrors.emailTaken();
        }
        if (byId.containsKey(user.userId())) {
            // DynamoDB's condition on the profile cancels the transaction: not EMAIL_TAKEN, and no claim written.
            throw new IllegalStateException("a profile with this id exists: " + user.userId());
        }
        idByEmail.put(user.email().value(), user.userId());
        byId.put(user.userId(), user);
    }

    @Override
    public Optional<Credentials> findCredentials(Email email) {
        return Optional.ofNullable(idByEmail.get(email.value()))
                .map(byId::get)
                .map(u -> new Credentials(u.userId(), u.passwordHash(), u.roles()));
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
        byId.put(
                userId,
                new User(
                        userId,
                        user.email(),
                        name,
                        user.passwordHash(),
                        user.createdAt(),
                        expectedVersion + 1,
                        user.roles()));
        return expectedVersion + 1;
    }

    @Override
    public synchronized Optional<RoleChange> changeRole(
            String userId, Role role, boolean grant, Actor actor, Instant at) {
        User user = byId.get(userId);
        if (user == null) {
            return Optional.empty();
        }
        Set<Role> after = user.roles().isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(user.roles());
        if (grant) {
            after.add(role);
        } else {
            after.remove(role);
        }
        RoleChange change = new RoleChange(userId, user.email(), user.roles(), after);
        if (change.changed()) {
            byId.put(
                    userId,
                    new User(
                            userId,
                            user.email(),
                            user.name(),
                            user.passwordHash(),
                            user.createdAt(),
                            user.version(),
                            after));
            roleChanges.add(actor.describe() + (grant ? " granted " : " revoked ") + role.wireName() + " of " + userId);
        }
        return Optional.of(change);
    }

    @Override
    public Optional<RoleChange> changeRole(Email email, Role role, boolean grant, Actor actor, Instant at) {
        return Optional.ofNullable(idByEmail.get(email.value())).flatMap(id -> changeRole(id, role, grant, actor, at));
    }

    @Override
    public Optional<User> find(String userId) {
        return Optional.ofNullable(byId.get(userId));
    }

    @Override
    public synchronized boolean changePasswordHash(User user, String newHash) {
        Runnable hook = beforePasswordHashChange;
        beforePasswordHashChange = () -> {};
        hook.run();
        User stored = byId.get(user.userId());
        if (stored == null || !stored.passwordHash().equals(user.passwordHash())) {
            return false;
        }
        byId.put(
                user.userId(),
                new User(
                        user.userId(),
                        stored.email(),
                        stored.name(),
                        newHash,
                        stored.createdAt(),
                        stored.version(),
                        stored.roles()));
        return true;
    }

    /** Runs once, at the next {@link #changePasswordHash} before anything is written: a racing request, or a crash (throw). */
    public volatile Runnable beforePasswordHashChange = () -> {};

    /** When set, {@link #removeAccount} fails with it, having removed nothing (a store that does not answer). */
    public volatile RuntimeException removalFailure;

    @Override
    public synchronized boolean removeAccount(String userId) {
        if (removalFailure != null) {
            throw removalFailure;
        }
        User user = byId.remove(userId);
        if (user == null) {
            return false;
        }
        idByEmail.remove(user.email().value(), userId);
        return true;
    }
}
