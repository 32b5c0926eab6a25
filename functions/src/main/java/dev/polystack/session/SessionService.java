package dev.polystack.session;

import dev.polystack.shared.Lazy;
import dev.polystack.shared.RateLimiter;
import dev.polystack.user.Credentials;
import dev.polystack.user.Email;
import dev.polystack.user.Password;
import dev.polystack.user.PasswordHasher;
import dev.polystack.user.UserRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

public final class SessionService {
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(24);
    /** Storing a session is retried this often while the user's roles keep changing under it. */
    static final int STORE_ATTEMPTS = 3;

    private final UserRepository users;
    private final SessionStore sessions;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Duration lifetime;
    private final RateLimiter limiter;
    private final LoginLimits limits;
    /** Verified against when the e-mail is unknown, so both failures cost one hash; made on first need (the authorizer never needs it). */
    private final Lazy<String> decoyHash;

    public SessionService(UserRepository users, SessionStore sessions, PasswordHasher hasher, Clock clock, Duration lifetime) {
        this(users, sessions, hasher, clock, lifetime, RateLimiter.NONE, LoginLimits.DEFAULT);
    }

    public SessionService(UserRepository users, SessionStore sessions, PasswordHasher hasher, Clock clock, Duration lifetime,
                          RateLimiter limiter, LoginLimits limits) {
        this.limiter = limiter;
        this.limits = limits;
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.clock = clock;
        this.lifetime = lifetime;
        this.decoyHash = new Lazy<>(() -> hasher.hash(new Password("decoy-password-never-matches")));
    }

    public record Issued(SessionToken token, Instant expiresAt) {
    }

    public Issued login(Email email, Password password) {
        return login(email, password, null);
    }

    /**
     * Unknown e-mail and wrong password give the same answer after the same work. Every attempt is
     * counted for the account and the source address before any hashing, and refused with 429 once
     * either has used up its window; a success gives its own attempt back (it never resets the
     * count), in the same write that stores the session.
     */
    public Issued login(Email email, Password password, String sourceAddress) {
        List<RateLimiter.Limit> attempt = limits.limitsFor(email, sourceAddress);
        Instant takenAt = clock.instant();
        limiter.take(attempt, takenAt);
        Optional<Credentials> credentials = users.findCredentials(email);
        boolean matches = hasher.verify(password.value(), credentials.map(Credentials::passwordHash).orElseGet(decoyHash));
        if (credentials.isEmpty() || !matches) {
            throw SessionErrors.invalidCredentials();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        SessionToken token = SessionToken.generate();
        Instant expiresAt = now.plus(lifetime);
        Credentials current = credentials.get();
        for (int tries = 1; ; tries++) {
            Session session = new Session(token.hash(), current.userId(), current.roles(), now, expiresAt);
            if (sessions.putGivingBack(session, limiter, attempt, takenAt)) {
                return new Issued(token, expiresAt);
            }
            if (tries == STORE_ATTEMPTS) {
                throw SessionErrors.rolesChanging();
            }
            // The roles changed since they were read: the session must carry the new ones.
            current = users.findCredentials(email).filter(c -> c.userId().equals(credentials.get().userId()))
                    .orElseThrow(SessionErrors::invalidCredentials);
        }
    }

    /** The session a bearer token opens (its user and roles), if it exists and has not expired. */
    public Optional<Session> authenticate(SessionToken token) {
        if (!token.wellFormed()) {
            return Optional.empty();
        }
        return sessions.find(token.hash(), clock.instant());
    }

    public void logout(SessionToken token, String callerId) {
        if (!token.wellFormed() || !sessions.delete(token.hash(), callerId)) {
            throw SessionErrors.sessionNotFound();
        }
    }
}
