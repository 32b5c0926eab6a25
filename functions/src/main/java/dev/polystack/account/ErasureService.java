package dev.polystack.account;

import dev.polystack.recovery.LedgerEntry;
import dev.polystack.recovery.RecoveryLedger;
import dev.polystack.session.LoginLimits;
import dev.polystack.shared.InvocationLog;
import dev.polystack.shared.RateLimiter;
import dev.polystack.upload.UploadPolicy;
import dev.polystack.user.Credentials;
import dev.polystack.user.Email;
import dev.polystack.user.Password;
import dev.polystack.user.PasswordHasher;
import dev.polystack.user.UserErrors;
import dev.polystack.user.UserProfile;
import dev.polystack.user.UserRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Erases an account from DynamoDB and S3, resumably (docs/accounts.md#erasing-an-account). Accepting the
 * request records the job (the account context's item), then the user context removes the profile
 * and e-mail claim in one transaction of its own, so from then on nobody can log in and nothing
 * conditional on the profile can be written; a job recorded first is never lost, and every run of
 * the steps repeats the removal. The other steps follow, each safe to repeat: sessions revoked, the outbox settled, the objects
 * deleted, every item left in the user's partition deleted. The request runs them at once; the
 * scheduled pickup runs them again for every job, and once {@link #grace} has passed since the
 * sessions were revoked (the longest an upload URL or an in-flight request of the user can still
 * write) it runs them a last time and deletes the job.
 */
public final class ErasureService {
    /** The longest upload URL (15 min) plus the longest function behind the API (28 s), with room for clock skew. */
    public static final Duration DEFAULT_GRACE = UploadPolicy.MAX_URL_LIFETIME.plus(Duration.ofMinutes(1));

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final RateLimiter limiter;
    private final LoginLimits limits;
    private final AccountStore store;
    private final AccountObjects objects;
    private final OrderHistory orders;
    private final Clock clock;
    private final Duration grace;
    private final RecoveryLedger ledger;

    /** Without a ledger: every new erasure is refused (503 RECOVERY_LEDGER_UNAVAILABLE) before anything is changed. */
    public ErasureService(
            UserRepository users,
            PasswordHasher hasher,
            RateLimiter limiter,
            LoginLimits limits,
            AccountStore store,
            AccountObjects objects,
            OrderHistory orders,
            Clock clock,
            Duration grace) {
        this(users, hasher, limiter, limits, store, objects, orders, clock, grace, RecoveryLedger.unavailable());
    }

    public ErasureService(
            UserRepository users,
            PasswordHasher hasher,
            RateLimiter limiter,
            LoginLimits limits,
            AccountStore store,
            AccountObjects objects,
            OrderHistory orders,
            Clock clock,
            Duration grace,
            RecoveryLedger ledger) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("ERASURE_GRACE must not be negative");
        }
        this.users = users;
        this.hasher = hasher;
        this.limiter = limiter;
        this.limits = limits;
        this.store = store;
        this.objects = objects;
        this.orders = orders;
        this.clock = clock;
        this.grace = grace;
        this.ledger = ledger;
    }

    /** An accepted erasure: finished, or finished by the scheduled pickup after {@code completesAfter}. */
    public record Accepted(String userId, Instant acceptedAt, Instant completesAfter, boolean finished) {}

    /**
     * Checks the password as a login does (counted against the same limits before any hashing, so
     * this route cannot be used to guess passwords), records the job, then runs the steps. A failure
     * after the job is recorded still answers "accepted": the scheduled pickup finishes it. If a job
     * for this user is already recorded (its credentials are then gone), the call resumes it.
     */
    public Accepted erase(String userId, Password password, String sourceAddress) {
        Optional<ErasureJob> recorded = store.job(userId);
        if (recorded.isPresent()) {
            return proceed(recorded.get());
        }
        Instant now = clock.instant();
        UserProfile profile = users.profile(userId, now.getEpochSecond()).orElseThrow(UserErrors::accountGone);
        Email email = profile.user().email();
        LoginLimits.Attempt attempt = limits.begin(limiter, email, sourceAddress, now);
        Optional<Credentials> credentials =
                users.findCredentials(email).filter(c -> c.userId().equals(userId));
        if (credentials.isEmpty()
                || !hasher.verify(password.value(), credentials.get().passwordHash())) {
            attempt.failed();
            throw AccountErrors.wrongPassword();
        }
        attempt.succeeded();
        // Recorded before the job: an erasure the ledger cannot record is not started, and a restore to a point
        // before it finds the entry and erases the account again.
        ledger.record(LedgerEntry.accountErased(userId, clock.instant()));
        ErasureJob job = new ErasureJob(userId, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        if (!store.accept(job)) {
            // A concurrent erasure of the same account got there first.
            return store.job(userId).map(this::proceed).orElseThrow(UserErrors::accountGone);
        }
        return proceed(job);
    }

    /**
     * A recovery erases again an account the ledger says was erased after the restore point: the job
     * recorded as accepted then (unless the restored store has it), then the same steps as a request.
     */
    public Accepted eraseAgain(String userId, Instant acceptedAt) {
        ErasureJob job = new ErasureJob(userId, acceptedAt.truncatedTo(ChronoUnit.MILLIS));
        if (!store.accept(job)) {
            job = store.job(userId).orElse(job);
        }
        return proceed(job);
    }

    /**
     * The account removed (profile and e-mail claim), then the steps. An answer means no login finds
     * the account any more, so a failed removal is 503 ERASURE_UNAVAILABLE: the job is recorded, and a
     * repeated request or the scheduled pickup removes the account and finishes the erasure.
     */
    private Accepted proceed(ErasureJob job) {
        try {
            users.removeAccount(job.userId());
        } catch (RuntimeException e) {
            InvocationLog.warn(
                    "erasure_step_failed",
                    "userId",
                    job.userId(),
                    e.getClass().getSimpleName() + ": " + e.getMessage()
                            + "; the account is not removed yet, the scheduled pickup resumes it");
            throw AccountErrors.unavailable();
        }
        AtomicReference<ErasureJob> latest = new AtomicReference<>(job);
        boolean finished;
        try {
            finished = runSteps(latest);
        } catch (RuntimeException e) {
            InvocationLog.warn(
                    "erasure_step_failed",
                    "userId",
                    job.userId(),
                    e.getClass().getSimpleName() + ": " + e.getMessage() + "; the scheduled pickup resumes it");
            finished = false;
        }
        return new Accepted(job.userId(), job.acceptedAt(), completesAfter(latest.get()), finished);
    }

    /**
     * Every step in order. The job is deleted only once the grace has passed since the sessions were
     * revoked (no login can make a new one after the acceptance), so the last run sweeps after every
     * write a session or an upload URL of the user could still make.
     */
    private boolean runSteps(AtomicReference<ErasureJob> current) {
        ErasureJob job = current.get();
        store.revokeSessions(job.userId());
        if (job.sessionsRevokedAt() == null) {
            job = job.withSessionsRevokedAt(clock.instant().truncatedTo(ChronoUnit.MILLIS));
            store.sessionsRevoked(job);
            current.set(job);
        }
        orders.settleOutbox(job.userId());
        objects.deleteAll(job.userId());
        store.deleteItems(job.userId());
        if (clock.instant().isBefore(completesAfter(job))) {
            return false;
        }
        store.finish(job);
        return true;
    }

    /** When the job can be finished: the grace after the sessions were revoked (counted from now while they are not). */
    private Instant completesAfter(ErasureJob job) {
        return (job.sessionsRevokedAt() == null ? clock.instant() : job.sessionsRevokedAt()).plus(grace);
    }

    /** What one scheduled pickup did: jobs finished, jobs still waiting for their grace, jobs whose steps failed (retried next time). */
    public record Run(int finished, int waiting, int failed) {}

    /** How many jobs are recorded (what the next pickup resumes); reads only. */
    public int recordedJobs() {
        return store.jobs().size();
    }

    /** Runs every recorded job's steps again; finishes those past the grace. One job's failure does not stop the others. */
    public Run resumeAll() {
        int finished = 0;
        int waiting = 0;
        int failed = 0;
        for (ErasureJob job : store.jobs()) {
            try {
                users.removeAccount(job.userId());
                if (runSteps(new AtomicReference<>(job))) {
                    finished++;
                } else {
                    waiting++;
                }
            } catch (RuntimeException e) {
                failed++;
                InvocationLog.warn(
                        "erasure_step_failed",
                        "userId",
                        job.userId(),
                        e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return new Run(finished, waiting, failed);
    }
}
