package dev.polystack.benchmarks;

import dev.polystack.session.Session;
import dev.polystack.session.SessionService;
import dev.polystack.session.SessionStore;
import dev.polystack.shared.Actor;
import dev.polystack.shared.DomainException;
import dev.polystack.shared.Role;
import dev.polystack.user.Credentials;
import dev.polystack.user.DisplayName;
import dev.polystack.user.Email;
import dev.polystack.user.Password;
import dev.polystack.user.RoleChange;
import dev.polystack.user.User;
import dev.polystack.user.UserProfile;
import dev.polystack.user.UserRepository;
import dev.polystack.user.adapter.Argon2PasswordHasher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A failed login should cost the same whether the e-mail is unknown or the password is wrong, so
 * timing does not reveal which accounts exist. Stores are in memory: this measures the work the
 * function does (one Argon2id verification in both cases), not the network.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LoginBenchmark {
    private SessionService sessions;
    private final Email known = new Email("ada@example.com");
    private final Email unknown = new Email("nobody@example.com");
    private final Password wrong = new Password("not the right password");

    @Setup
    public void setUp() {
        Argon2PasswordHasher hasher = new Argon2PasswordHasher();
        String hash = hasher.hash(new Password("correct horse battery"));
        UserRepository users = new UserRepository() {
            @Override
            public void create(User user) {}

            @Override
            public Optional<Credentials> findCredentials(Email email) {
                return email.equals(known) ? Optional.of(new Credentials("u-1", hash)) : Optional.empty();
            }

            @Override
            public Optional<UserProfile> profile(String userId, long now) {
                return Optional.empty();
            }

            @Override
            public long rename(String userId, DisplayName name, long expectedVersion) {
                return 0;
            }

            @Override
            public Optional<RoleChange> changeRole(String userId, Role role, boolean grant, Actor actor, Instant at) {
                return Optional.empty();
            }

            @Override
            public Optional<RoleChange> changeRole(Email email, Role role, boolean grant, Actor actor, Instant at) {
                return Optional.empty();
            }

            @Override
            public Optional<User> find(String userId) {
                return Optional.empty();
            }

            @Override
            public boolean changePasswordHash(User user, String newHash) {
                return false;
            }

            @Override
            public boolean removeAccount(String userId) {
                return false;
            }
        };
        SessionStore store = new SessionStore() {
            @Override
            public void put(Session session) {}

            @Override
            public Optional<Session> find(String tokenHash, Instant now) {
                return Optional.empty();
            }

            @Override
            public boolean delete(String tokenHash, String userId) {
                return false;
            }

            @Override
            public int updateRoles(String userId, Set<Role> roles, Instant now) {
                return 0;
            }

            @Override
            public int revokeAll(String userId, String keep) {
                return 0;
            }
        };
        sessions = new SessionService(users, store, hasher, Clock.systemUTC(), Duration.ofHours(24));
    }

    @Benchmark
    public Object wrongPassword() {
        return attempt(known);
    }

    @Benchmark
    public Object unknownEmail() {
        return attempt(unknown);
    }

    private Object attempt(Email email) {
        try {
            return sessions.login(email, wrong);
        } catch (DomainException refused) {
            return refused;
        }
    }
}
