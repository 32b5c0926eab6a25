package dev.polystack.session;

import dev.polystack.shared.Lazy;
import dev.polystack.user.Credentials;
import dev.polystack.user.Email;
import dev.polystack.user.Password;
import dev.polystack.user.PasswordHasher;
import dev.polystack.user.UserRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

public final class SessionService {
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(24);

    private final UserRepository users;
    private final SessionStore sessions;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Duration lifetime;
    /** Verified against when the e-mail is unknown, so both failures cost one hash; made on first need (the authorizer never needs it). */
    private final Lazy<String> decoyHash;

    public SessionService(UserRepository users, SessionStore sessions, PasswordHasher hasher, Clock clock, Duration lifetime) {
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.clock = clock;
        this.lifetime = lifetime;
        this.decoyHash = new Lazy<>(() -> hasher.hash(new Password("decoy-password-never-matches")));
    }

    public record Issued(SessionToken token, Instant expiresAt) {
    }

    /** Unknown e-mail and wrong password give the same answer after the same work. */
    public Issued login(Email email, Password password) {
        Optional<Credentials> credentials = users.findCredentials(email);
        boolean matches = hasher.verify(password.value(), credentials.map(Credentials::passwordHash).orElseGet(decoyHash));
        if (credentials.isEmpty() || !matches) {
            throw SessionErrors.invalidCredentials();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        SessionToken token = SessionToken.generate();
        Instant expiresAt = now.plus(lifetime);
        sessions.put(new Session(token.hash(), credentials.get().userId(), now, expiresAt));
        return new Issued(token, expiresAt);
    }

    /** The user a bearer token belongs to, if the session exists and has not expired. */
    public Optional<String> authenticate(SessionToken token) {
        if (!token.wellFormed()) {
            return Optional.empty();
        }
        return sessions.find(token.hash(), clock.instant()).map(Session::userId);
    }

    public void logout(SessionToken token, String callerId) {
        if (!token.wellFormed() || !sessions.delete(token.hash(), callerId)) {
            throw SessionErrors.sessionNotFound();
        }
    }
}
