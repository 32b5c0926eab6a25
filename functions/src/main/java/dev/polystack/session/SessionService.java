package dev.polystack.session;

import dev.polystack.shared.Lazy;
import dev.polystack.shared.RateLimiter;
import dev.polystack.shared.Role;
import dev.polystack.user.Credentials;
import dev.polystack.user.Email;
import dev.polystack.user.Password;
import dev.polystack.user.PasswordHasher;
import dev.polystack.user.User;
import dev.polystack.user.UserErrors;
import dev.polystack.user.UserRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;

public final class SessionService {
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(24);
    /** A session's roles are checked against the user's this often while they keep changing under it. */
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

    public SessionService(
            UserRepository users, SessionStore sessions, PasswordHasher hasher, Clock clock, Duration lifetime) {
        this(users, sessions, hasher, clock, lifetime, RateLimiter.NONE, LoginLimits.DEFAULT);
    }

    public SessionService(
            UserRepository users,
            SessionStore sessions,
            PasswordHasher hasher,
            Clock clock,
            Duration lifetime,
            RateLimiter limiter,
            LoginLimits limits) {
        this.limiter = limiter;
        this.limits = limits;
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.clock = clock;
        this.lifetime = lifetime;
        this.decoyHash = new Lazy<>(() -> hasher.hash(new Password("decoy-password-never-matches")));
    }

    public record Issued(SessionToken token, Instant expiresAt) {}

    public Issued login(Email email, Password password) {
        return login(email, password, null);
    }

    /**
     * Unknown e-mail and wrong password give the same answer after the same work. Before any hashing
     * the attempt is counted for the account and the source address is checked ({@link LoginLimits}),
     * refused with 429 once either has used up its window; a failure adds the account to the
     * address's failing accounts, a success gives its own attempt back (it never resets the count)
     * after the session is stored. Then the user's profile is read again
     * (consistently): a session whose roles are no longer the user's is stored again with the new
     * ones, and one whose user is gone (erased) is ended.
     */
    public Issued login(Email email, Password password, String sourceAddress) {
        LoginLimits.Attempt attempt = limits.begin(limiter, email, sourceAddress, clock.instant());
        Optional<Credentials> credentials = users.findCredentials(email);
        boolean matches = hasher.verify(
                password.value(), credentials.map(Credentials::passwordHash).orElseGet(decoyHash));
        if (credentials.isEmpty() || !matches) {
            attempt.failed();
            throw SessionErrors.invalidCredentials();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        SessionToken token = SessionToken.generate();
        Instant expiresAt = now.plus(lifetime);
        String userId = credentials.get().userId();
        Set<Role> roles = credentials.get().roles();
        sessions.put(new Session(token.hash(), userId, roles, now, expiresAt));
        attempt.succeeded();
        for (int tries = 1; ; tries++) {
            // Checked after the write, so a concurrent change is never missed: a role change (or an erasure) whose
            // write
            // this read does not see comes later, and finds this session through its pointer.
            Optional<User> stored = users.find(userId);
            if (stored.isEmpty()) {
                // Erased since the credentials were read.
                sessions.revokeAll(userId, null);
                throw SessionErrors.invalidCredentials();
            }
            if (stored.get().roles().equals(roles)) {
                return new Issued(token, expiresAt);
            }
            if (tries == STORE_ATTEMPTS) {
                sessions.delete(token.hash(), userId);
                throw SessionErrors.rolesChanging();
            }
            // The roles changed since they were read: the session must carry the new ones.
            roles = stored.get().roles();
            sessions.put(new Session(token.hash(), userId, roles, now, expiresAt));
        }
    }

    /** The session a bearer token opens (its user and roles), if it exists and has not expired. */
    public Optional<Session> authenticate(SessionToken token) {
        if (!token.wellFormed()) {
            return Optional.empty();
        }
        return sessions.find(token.hash(), clock.instant());
    }

    /**
     * Changes the caller's password and ends every other session of theirs; the caller's own session
     * ({@code current}) stays. The attempt goes through the same {@link LoginLimits} as a login before
     * the current password is hashed (429 TOO_MANY_ATTEMPTS once either window is used up; a success
     * gives its attempt back), so a stolen session cannot guess the password faster than
     * a login could.
     *
     * <p>Order, so that stopping anywhere is safe and repeating the request finishes the job: (1) end
     * the other sessions; (2) replace the hash on the profile and the e-mail claim in one transaction,
     * on condition it is still the one verified; (3) end the other sessions again, for a login that
     * checked the old password before (2) and stored its session after (1). Dying after (1) leaves the
     * old password and fewer sessions; after (2), the new password and at worst such a racing session,
     * which the repeat (with the new password as the current one) ends.
     */
    public int changePassword(
            String userId, SessionToken current, String currentPassword, Password newPassword, String sourceAddress) {
        User user = users.find(userId).orElseThrow(UserErrors::accountGone);
        LoginLimits.Attempt attempt = limits.begin(limiter, user.email(), sourceAddress, clock.instant());
        // A current password of a length no password may have is wrong without hashing it (the bound keeps hashing
        // cheap).
        if (!Password.acceptable(currentPassword) || !hasher.verify(currentPassword, user.passwordHash())) {
            attempt.failed();
            throw SessionErrors.wrongCurrentPassword();
        }
        attempt.succeeded();
        String keep = current.wellFormed() ? current.hash() : null;
        int revoked = sessions.revokeAll(userId, keep);
        if (!users.changePasswordHash(user, hasher.hash(newPassword))) {
            throw SessionErrors.passwordChangedMeanwhile();
        }
        return revoked + sessions.revokeAll(userId, keep);
    }

    /** Ends every session of the user, the caller's own included; returns how many. */
    public int logoutEverywhere(String userId) {
        return sessions.revokeAll(userId, null);
    }

    public void logout(SessionToken token, String callerId) {
        if (!token.wellFormed() || !sessions.delete(token.hash(), callerId)) {
            throw SessionErrors.sessionNotFound();
        }
    }
}
