package dev.polystack.session;

import dev.polystack.shared.RateLimiter;
import dev.polystack.shared.RateLimiter.Limit;
import dev.polystack.user.Email;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * The limits every password check (login, password change, erasure) goes through before a password is
 * hashed, answered 429 once used up (docs/accounts.md#brute-force-and-floods):
 *
 * <ul>
 *   <li>per account: {@code perAccount} attempts per window, counted before the check and given back
 *       by a success, so failures are what stays counted. The account is counted under a hash of its
 *       e-mail address, whether or not the account exists, so a refusal says nothing about which
 *       addresses are users.
 *   <li>per source address: at most {@code failingAccountsPerSourceAddress} distinct accounts that
 *       failed from it in the window and have not logged in from it since. Credential stuffing (a new
 *       e-mail each try) fills this at once; a crowd behind one address (people who mistype and then
 *       get in) keeps it near empty, because a success takes its account out and only failures are
 *       written. Repeated guesses at one account are the per-account limit's.
 * </ul>
 */
public record LoginLimits(int perAccount, int failingAccountsPerSourceAddress, Duration window) {
    public static final LoginLimits DEFAULT = new LoginLimits(10, 30, Duration.ofMinutes(15));
    /** Hex digits of the account's hash kept in an address's set: 64 bits, no collision among the few there. */
    static final int MEMBER_LENGTH = 16;

    /**
     * The most failing accounts an address's item may be set to hold: 10,000 members of 16 characters stay well
     * inside DynamoDB's 400 KB item (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html).
     */
    public static final int MAX_FAILING_ACCOUNTS = 10_000;

    public LoginLimits {
        if (perAccount < 1
                || failingAccountsPerSourceAddress < 1
                || failingAccountsPerSourceAddress > MAX_FAILING_ACCOUNTS) {
            throw new IllegalArgumentException("login limits must be at least 1, and at most " + MAX_FAILING_ACCOUNTS
                    + " failing accounts per source address");
        }
    }

    /**
     * Checks the source address and counts the attempt for the account (refusing with 429 when either
     * is used up); the caller then checks the password and says how it went.
     */
    public Attempt begin(RateLimiter limiter, Email email, String sourceAddress, Instant now) {
        String accountHash = sha256(email.value());
        Limit account = new Limit("login-account", accountHash, perAccount, window);
        String member = accountHash.substring(0, MEMBER_LENGTH);
        Limit address = sourceAddress == null || sourceAddress.isBlank()
                ? null
                : new Limit("login-ip", sourceAddress, failingAccountsPerSourceAddress, window);
        // The address first: a refusal there counts nothing for the account.
        boolean failedHereBefore = address != null && limiter.checkFailing(address, member, now);
        limiter.take(List.of(account), now);
        return new Attempt(limiter, account, address, member, failedHereBefore, now);
    }

    /** One counted password check; exactly one of {@link #failed()} or {@link #succeeded()} follows it. */
    public static final class Attempt {
        private final RateLimiter limiter;
        private final Limit account;
        private final Limit address;
        private final String member;
        private final boolean failedHereBefore;
        private final Instant at;

        private Attempt(
                RateLimiter limiter,
                Limit account,
                Limit address,
                String member,
                boolean failedHereBefore,
                Instant at) {
            this.limiter = limiter;
            this.account = account;
            this.address = address;
            this.member = member;
            this.failedHereBefore = failedHereBefore;
            this.at = at;
        }

        /** The account's attempt stays counted; the account joins the address's failing accounts. */
        public void failed() {
            if (address != null) {
                limiter.addFailing(address, member, at);
            }
        }

        /** The account's attempt is given back; it leaves the address's failing accounts if it was there. */
        public void succeeded() {
            limiter.giveBack(List.of(account), at);
            if (failedHereBefore) {
                limiter.clearFailing(address, member, at);
            }
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
