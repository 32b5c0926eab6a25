package dev.polystack.session;

import dev.polystack.recovery.LedgerEntry;
import dev.polystack.recovery.PasswordFingerprint;
import dev.polystack.recovery.RecoveryLedger;
import dev.polystack.shared.Lazy;
import dev.polystack.shared.RateLimiter;
import dev.polystack.shared.Role;
import dev.polystack.user.Credentials;
import dev.polystack.user.Email;
import dev.polystack.user.Password;
import dev.polystack.user.PasswordHasher;
import dev.polystack.user.User;
import dev.polystack.user.UserErrors;
import dev.polystack.user.UserIds;
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
    /** A password hash no password matches (no PHC string): set by a recovery to force a reset. */
    public static final String RESET_REQUIRED = "!reset-required";

    private final UserRepository users;
    private final SessionStore sessions;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Duration lifetime;
    private final RateLimiter limiter;
    private final LoginLimits limits;
    private final RecoveryLedger ledger;
    /** Verified against when the e-mail is unknown, so both failures cost one hash; made on first need (the authorizer never needs it). */
    private final Lazy<String> decoyHash;

    public SessionService(
            UserRepository users, SessionStore sessions, PasswordHasher hasher, Clock clock, Duration lifetime) {
        this(users, sessions, hasher, clock, lifetime, RecoveryLedger.unavailable());
    }

    public SessionService(
            UserRepository users,
            SessionStore sessions,
            PasswordHasher hasher,
            Clock clock,
            Duration lifetime,
            RecoveryLedger ledger) {
        this(users, sessions, hasher, clock, lifetime, RateLimiter.NONE, LoginLimits.DEFAULT, ledger);
    }

    public SessionService(
            UserRepository users,
            SessionStore sessions,
            PasswordHasher hasher,
            Clock clock,
            Duration lifetime,
            RateLimiter limiter,
            LoginLimits limits,
            RecoveryLedger ledger) {
        this.ledger = ledger;
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
     * which the repeat (with the new password as the current one) ends. Before all of them the change
     * is recorded in the recovery ledger (user id and the new hash's fingerprint): a ledger that cannot
     * be written stops the request with nothing changed.
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
        String newHash = hasher.hash(newPassword);
        ledger.record(LedgerEntry.passwordChanged(userId, newHash, clock.instant()));
        String keep = current.wellFormed() ? current.hash() : null;
        int revoked = sessions.revokeAll(userId, keep);
        if (!users.changePasswordHash(user, newHash)) {
            throw SessionErrors.passwordChangedMeanwhile();
        }
        return revoked + sessions.revokeAll(userId, keep);
    }

    /**
     * Ends every session of the user, the caller's own included; returns how many. Recorded in the ledger first.
     * A user id sign-up never issues names no account: 401 ACCOUNT_NOT_FOUND, nothing recorded (how the priming
     * request before a SnapStart snapshot reaches this use case without writing).
     */
    public int logoutEverywhere(String userId) {
        if (!UserIds.wellFormed(userId)) {
            throw UserErrors.accountGone();
        }
        ledger.record(LedgerEntry.sessionsEnded(userId, clock.instant()));
        return sessions.revokeAll(userId, null);
    }

    /** A recovery ends again a session the ledger says was ended after the restore point. */
    public void endAgain(String userId, String tokenHash) {
        sessions.delete(tokenHash, userId);
    }

    /** A recovery ends again every session of a user who logged out everywhere after the restore point. */
    public void endAllAgain(String userId) {
        sessions.revokeAll(userId, null);
    }

    /**
     * A recovery re-applies a password change: unless the account already holds the hash whose
     * fingerprint the ledger kept, the restored (older) password is made unusable and every session
     * ended, so the password the user had before the change, which may be the reason for it, opens
     * nothing. The user then needs a reset (docs/recovery.md says why the ledger keeps no hash).
     * Returns whether a reset was forced.
     */
    public boolean forcePasswordResetUnless(String userId, String newHashFingerprint) {
        for (int tries = 1; ; tries++) {
            Optional<User> user = users.find(userId);
            if (user.isEmpty()) {
                return false;
            }
            String hash = user.get().passwordHash();
            if (PasswordFingerprint.of(hash).equals(newHashFingerprint)) {
                return false;
            }
            if (RESET_REQUIRED.equals(hash) || users.changePasswordHash(user.get(), RESET_REQUIRED)) {
                sessions.revokeAll(userId, null);
                return true;
            }
            if (tries == STORE_ATTEMPTS) {
                throw SessionErrors.passwordChangedMeanwhile();
            }
        }
    }

    /** Ends the caller's session; recorded in the ledger first, so a restore cannot bring it back. */
    public void logout(SessionToken token, String callerId) {
        if (!token.wellFormed()) {
            throw SessionErrors.sessionNotFound();
        }
        ledger.record(LedgerEntry.sessionEnded(callerId, token.hash(), clock.instant()));
        if (!sessions.delete(token.hash(), callerId)) {
            throw SessionErrors.sessionNotFound();
        }
    }
}
