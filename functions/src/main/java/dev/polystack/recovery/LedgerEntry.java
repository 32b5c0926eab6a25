package dev.polystack.recovery;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * One security-relevant change, as the recovery ledger keeps it: who (a user id), what ({@link Kind}),
 * when, and the one value needed to apply it again after a restore ({@code subject}). Nothing else:
 * no e-mail, no name, no password and no password hash.
 *
 * <p>{@code subject} per kind: the ended session's token hash (SHA-256 of a token, what the session
 * table already keys by) for {@link Kind#SESSION_ENDED}; the role's wire name for {@link
 * Kind#ROLE_REVOKED}; for {@link Kind#PASSWORD_CHANGED} the new hash's fingerprint ({@link
 * PasswordFingerprint}: a SHA-256 of the hash, from which the hash cannot be had), so a recovery can
 * tell whether the restored account already holds the new password; none for the others.
 */
public record LedgerEntry(String id, Instant at, Kind kind, String userId, String subject) {
    public enum Kind {
        /** One session ended (logout). */
        SESSION_ENDED,
        /** Every session of the user ended (logout everywhere). */
        SESSIONS_ENDED,
        /** The password changed: its other sessions ended and the hash replaced. */
        PASSWORD_CHANGED,
        /** A role taken away from the user. */
        ROLE_REVOKED,
        /** The account's erasure accepted. */
        ACCOUNT_ERASED;

        boolean needsSubject() {
            return this == SESSION_ENDED || this == PASSWORD_CHANGED || this == ROLE_REVOKED;
        }
    }

    public LedgerEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        at = at.truncatedTo(ChronoUnit.MILLIS);
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("a ledger entry names its user");
        }
        if (kind.needsSubject() != (subject != null && !subject.isBlank())) {
            throw new IllegalArgumentException(kind + (kind.needsSubject() ? " needs" : " takes no") + " subject");
        }
    }

    public static LedgerEntry sessionEnded(String userId, String tokenHash, Instant at) {
        return new LedgerEntry(newId(), at, Kind.SESSION_ENDED, userId, tokenHash);
    }

    public static LedgerEntry sessionsEnded(String userId, Instant at) {
        return new LedgerEntry(newId(), at, Kind.SESSIONS_ENDED, userId, null);
    }

    public static LedgerEntry passwordChanged(String userId, String newHash, Instant at) {
        return new LedgerEntry(newId(), at, Kind.PASSWORD_CHANGED, userId, PasswordFingerprint.of(newHash));
    }

    public static LedgerEntry roleRevoked(String userId, String roleWireName, Instant at) {
        return new LedgerEntry(newId(), at, Kind.ROLE_REVOKED, userId, roleWireName);
    }

    public static LedgerEntry accountErased(String userId, Instant at) {
        return new LedgerEntry(newId(), at, Kind.ACCOUNT_ERASED, userId, null);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
