package dev.polystack.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.account.ErasureService;
import dev.polystack.account.InMemoryAccount;
import dev.polystack.session.InMemorySessions;
import dev.polystack.session.LoginLimits;
import dev.polystack.session.RoleService;
import dev.polystack.session.SessionService;
import dev.polystack.session.SessionToken;
import dev.polystack.shared.Caller;
import dev.polystack.shared.DomainException;
import dev.polystack.shared.ErrorKind;
import dev.polystack.shared.Operator;
import dev.polystack.shared.RateLimiter;
import dev.polystack.shared.Role;
import dev.polystack.user.CountingHasher;
import dev.polystack.user.DisplayName;
import dev.polystack.user.Email;
import dev.polystack.user.InMemoryUsers;
import dev.polystack.user.Password;
import dev.polystack.user.UserService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every security change is recorded in the recovery ledger before it is made: with the ledger out of
 * reach the request fails with 503 RECOVERY_LEDGER_UNAVAILABLE and nothing changes, so the user's
 * retry does the whole thing once the ledger is back; and the entry holds the user id and what is
 * needed to apply the change again, never a password or a password hash.
 */
class LedgerFirstTest {
    static final Password PASSWORD = new Password("correct horse battery");
    static final Password NEW_PASSWORD = new Password("a longer horse battery");

    final InMemoryUsers users = new InMemoryUsers();
    final InMemorySessions store = new InMemorySessions();
    final CountingHasher hasher = new CountingHasher();
    final InMemoryLedger ledger = new InMemoryLedger();
    final SessionService sessions = new SessionService(
            users,
            store,
            hasher,
            Clock.systemUTC(),
            Duration.ofHours(1),
            RateLimiter.NONE,
            LoginLimits.DEFAULT,
            ledger);
    final RoleService roles = new RoleService(users, store, Clock.systemUTC(), ledger);
    final InMemoryAccount account = new InMemoryAccount(users, store);
    final ErasureService erasure = new ErasureService(
            users,
            hasher,
            RateLimiter.NONE,
            LoginLimits.DEFAULT,
            account,
            account,
            account,
            Clock.systemUTC(),
            Duration.ofMinutes(16),
            ledger);
    String adaId;
    SessionToken first;
    SessionToken second;

    @BeforeEach
    void adaWithTwoSessionsAndTheAdminRole() {
        adaId = new UserService(users, hasher, Clock.systemUTC())
                .signUp(new Email("ada@example.com"), PASSWORD, new DisplayName("Ada"))
                .userId();
        roles.change(new Operator("ops@example.com"), new Email("ada@example.com"), Role.ADMIN, true);
        first = login();
        second = login();
    }

    SessionToken login() {
        return sessions.login(new Email("ada@example.com"), PASSWORD).token();
    }

    boolean works(SessionToken token) {
        return sessions.authenticate(token).isPresent();
    }

    /** One security change, what the ledger must say of it, and what a user would notice once it is made. */
    enum Change {
        LOGOUT(LedgerEntry.Kind.SESSION_ENDED) {
            void make(LedgerFirstTest t) {
                t.sessions.logout(t.first, t.adaId);
            }

            boolean made(LedgerFirstTest t) {
                return !t.works(t.first) && t.works(t.second);
            }
        },
        LOGOUT_EVERYWHERE(LedgerEntry.Kind.SESSIONS_ENDED) {
            void make(LedgerFirstTest t) {
                t.sessions.logoutEverywhere(t.adaId);
            }

            boolean made(LedgerFirstTest t) {
                return !t.works(t.first) && !t.works(t.second);
            }
        },
        PASSWORD_CHANGE(LedgerEntry.Kind.PASSWORD_CHANGED) {
            void make(LedgerFirstTest t) {
                t.sessions.changePassword(t.adaId, t.first, PASSWORD.value(), NEW_PASSWORD, null);
            }

            boolean made(LedgerFirstTest t) {
                return t.passwordIs(NEW_PASSWORD) && !t.works(t.second);
            }
        },
        ADMIN_REVOKES(LedgerEntry.Kind.ROLE_REVOKED) {
            void make(LedgerFirstTest t) {
                t.roles.change(new Caller(t.adaId, Set.of(Role.ADMIN)).asAdmin(), t.adaId, Role.ADMIN, false);
            }

            boolean made(LedgerFirstTest t) {
                return !t.users.find(t.adaId).orElseThrow().roles().contains(Role.ADMIN);
            }
        },
        OPERATOR_REVOKES(LedgerEntry.Kind.ROLE_REVOKED) {
            void make(LedgerFirstTest t) {
                t.roles.change(new Operator("ops@example.com"), new Email("ada@example.com"), Role.ADMIN, false);
            }

            boolean made(LedgerFirstTest t) {
                return ADMIN_REVOKES.made(t);
            }
        },
        ERASURE(LedgerEntry.Kind.ACCOUNT_ERASED) {
            void make(LedgerFirstTest t) {
                t.erasure.erase(t.adaId, PASSWORD, null);
            }

            boolean made(LedgerFirstTest t) {
                return t.users.find(t.adaId).isEmpty() && !t.works(t.first);
            }
        };

        final LedgerEntry.Kind kind;

        Change(LedgerEntry.Kind kind) {
            this.kind = kind;
        }

        abstract void make(LedgerFirstTest t);

        abstract boolean made(LedgerFirstTest t);
    }

    boolean passwordIs(Password password) {
        return users.findCredentials(new Email("ada@example.com"))
                .map(c -> hasher.verify(password.value(), c.passwordHash()))
                .orElse(false);
    }

    @ParameterizedTest
    @EnumSource(Change.class)
    void eachChangeIsRecordedWithItsUserAndKindBeforeItIsMade(Change change) {
        Instant before = Instant.now().minusMillis(1);
        change.make(this);
        assertTrue(change.made(this), "the change itself");
        List<LedgerEntry> entries = ledger.since(before);
        assertEquals(1, entries.size(), entries.toString());
        assertEquals(change.kind, entries.get(0).kind());
        assertEquals(adaId, entries.get(0).userId());
    }

    @ParameterizedTest
    @EnumSource(Change.class)
    void aLedgerOutOfReachRefusesTheChangeWithNothingMadeAndTheRetryMakesIt(Change change) {
        ledger.failNextRecords(1);
        DomainException refused = assertThrows(DomainException.class, () -> change.make(this));
        assertEquals("RECOVERY_LEDGER_UNAVAILABLE", refused.code());
        assertEquals(ErrorKind.UNAVAILABLE, refused.kind(), "503: the client may retry");
        assertFalse(change.made(this), "nothing was changed without its entry");
        assertTrue(works(first) && works(second) && passwordIs(PASSWORD), "sessions and password as they were");
        assertTrue(users.find(adaId).orElseThrow().roles().contains(Role.ADMIN), "still an administrator");
        assertTrue(ledger.entries().isEmpty());

        change.make(this);
        assertTrue(change.made(this), "the retry makes the change");
        assertEquals(1, ledger.entries().size());
    }

    /** How the SnapStart priming request reaches this use case without writing (issue 23, target 2). */
    @Test
    void aLogoutEverywhereOfACallerIdSignUpNeverIssuesIsRefusedBeforeTheLedgerRecordsIt() {
        DomainException refused =
                assertThrows(DomainException.class, () -> sessions.logoutEverywhere("snapstart-priming"));
        assertEquals("ACCOUNT_NOT_FOUND", refused.code());
        assertTrue(ledger.entries().isEmpty(), ledger.entries().toString());
        assertTrue(works(first) && works(second), "ada's sessions are untouched");
    }

    @Test
    void aLogoutIsRecordedWithTheEndedSessionsHashOnly() {
        sessions.logout(first, adaId);
        LedgerEntry entry = ledger.entries().get(0);
        assertEquals(first.hash(), entry.subject());
        assertFalse(entry.subject().contains(first.value()), "the token itself is never kept");
    }

    @Test
    void aPasswordChangeKeepsTheNewHashsFingerprintNeverThePasswordOrTheHash() {
        sessions.changePassword(adaId, first, PASSWORD.value(), NEW_PASSWORD, null);
        String newHash = users.findCredentials(new Email("ada@example.com"))
                .orElseThrow()
                .passwordHash();
        LedgerEntry entry = ledger.entries().get(0);
        assertEquals(PasswordFingerprint.of(newHash), entry.subject());
        assertNotEquals(newHash, entry.subject());
        assertFalse(entry.toString().contains(NEW_PASSWORD.value()));
        assertFalse(entry.toString().contains(newHash));
    }

    @Test
    void aRevocationNamesTheRoleAndAGrantIsNotRecorded() {
        roles.change(new Operator("ops@example.com"), new Email("ada@example.com"), Role.ADMIN, false);
        roles.change(new Operator("ops@example.com"), new Email("ada@example.com"), Role.ADMIN, true);
        assertEquals(
                List.of("ROLE_REVOKED admin"),
                ledger.entries().stream().map(e -> e.kind() + " " + e.subject()).toList());
    }

    @Test
    void aRevocationOfAnUnknownEmailIsNotFoundAndRecordsNothing() {
        DomainException missing = assertThrows(
                DomainException.class,
                () -> roles.change(
                        new Operator("ops@example.com"), new Email("nobody@example.com"), Role.ADMIN, false));
        assertEquals(ErrorKind.NOT_FOUND, missing.kind());
        assertTrue(ledger.entries().isEmpty());
    }

    @Test
    void aServiceBuiltWithoutALedgerRefusesRevocationsInsteadOfSkippingTheRecord() {
        SessionService unrecorded = new SessionService(users, store, hasher, Clock.systemUTC(), Duration.ofHours(1));
        Function<SessionToken, String> logout = token -> {
            unrecorded.logout(token, adaId);
            return "ended";
        };
        assertEquals(
                "RECOVERY_LEDGER_UNAVAILABLE",
                assertThrows(DomainException.class, () -> logout.apply(first)).code());
        assertTrue(works(first));
    }
}
