package dev.polystack.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.MutableClock;
import dev.polystack.recovery.InMemoryLedger;
import dev.polystack.session.InMemorySessions;
import dev.polystack.session.LoginLimits;
import dev.polystack.session.Session;
import dev.polystack.session.SessionService;
import dev.polystack.shared.DomainException;
import dev.polystack.shared.InMemoryRateLimiter;
import dev.polystack.user.CountingHasher;
import dev.polystack.user.DisplayName;
import dev.polystack.user.Email;
import dev.polystack.user.InMemoryUsers;
import dev.polystack.user.Password;
import dev.polystack.user.User;
import dev.polystack.user.UserService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ErasureServiceTest {
    static final Password PASSWORD = new Password("correct horse battery");
    static final Duration GRACE = Duration.ofMinutes(16);
    final InMemoryLedger ledger = new InMemoryLedger();

    final InMemoryUsers users = new InMemoryUsers();
    final InMemorySessions sessions = new InMemorySessions();
    final InMemoryAccount account = new InMemoryAccount(users, sessions);
    final CountingHasher hasher = new CountingHasher();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    final InMemoryRateLimiter limiter = new InMemoryRateLimiter();
    final LoginLimits limits = new LoginLimits(3, 100, Duration.ofMinutes(15));
    ErasureService erasure;
    SessionService logins;
    UserService signUps;
    String ada;
    String bob;

    @BeforeEach
    void twoUsersWithData() {
        erasure = new ErasureService(users, hasher, limiter, limits, account, account, account, clock, GRACE, ledger);
        logins = new SessionService(users, sessions, hasher, clock, Duration.ofHours(24), limiter, limits, ledger);
        signUps = new UserService(users, hasher, clock);
        ada = withData("ada@example.com");
        bob = withData("bob@example.com");
    }

    /** A user with two sessions, an upload (record and object), an export, two order summaries, a role change, and outbox rows. */
    String withData(String email) {
        User user = signUps.signUp(new Email(email), PASSWORD, new DisplayName("Someone"));
        String id = user.userId();
        for (int i = 0; i < 2; i++) {
            String hash = id + "-session-" + i;
            sessions.byHash.put(
                    hash,
                    new Session(
                            hash, id, Set.of(), clock.instant(), clock.instant().plus(Duration.ofHours(24))));
            account.items.add(InMemoryAccount.prefix(id) + "SESSION#" + hash);
            account.items.add(InMemoryAccount.prefix(id) + "ORDER#2026-11-23T09:0" + i + ":00Z#order-" + id + "-" + i);
            account.outbox.put("order-" + id + "-" + i, id + "|" + (i == 0));
        }
        account.items.add(InMemoryAccount.prefix(id) + "UPLOAD#0123456789abcdef01234567");
        account.items.add(InMemoryAccount.prefix(id) + "ROLECHANGE#2026-11-23T09:00:00Z#change");
        account.objects.add("uploads/" + id + "/0123456789abcdef01234567");
        account.objects.add("exports/" + id + "/export.json");
        return id;
    }

    void assertBobUntouched() {
        assertTrue(users.byId.containsKey(bob));
        assertEquals(
                2,
                sessions.byHash.values().stream()
                        .filter(s -> s.userId().equals(bob))
                        .count());
        assertEquals(
                6,
                account.items.stream()
                        .filter(i -> i.startsWith(InMemoryAccount.prefix(bob)))
                        .count());
        assertEquals(2, account.objects.stream().filter(k -> k.contains(bob)).count());
        assertEquals(bob + "|false", account.outbox.get("order-" + bob + "-1"));
    }

    void assertAdaErased() {
        assertEquals(List.of(), account.traces(ada), "nothing left that names the user");
        assertEquals(
                2, account.outbox.keySet().stream().filter(k -> k.contains(ada)).count(), "the orders stay");
        assertEquals(ada + "|true", account.outbox.get("order-" + ada + "-1"), "and are never projected again");
        DomainException refused =
                assertThrows(DomainException.class, () -> logins.login(new Email("ada@example.com"), PASSWORD));
        assertEquals("INVALID_CREDENTIALS", refused.code());
        User again = signUps.signUp(new Email("ada@example.com"), PASSWORD, new DisplayName("Ada again"));
        assertFalse(again.userId().equals(ada), "a new account, with a new id");
        assertBobUntouched();
    }

    @Test
    void theRequestRunsEveryStepAndThePickupPastTheGraceDeletesTheJob() {
        ErasureService.Accepted accepted = erasure.erase(ada, PASSWORD, "192.0.2.1");
        assertFalse(accepted.finished());
        assertEquals(clock.instant().plus(GRACE), accepted.completesAfter());
        assertEquals(List.of("job"), account.traces(ada), "everything but the job is gone at once");

        clock.now = clock.now.plus(GRACE).minusSeconds(1);
        assertEquals(new ErasureService.Run(0, 1, 0), erasure.resumeAll(), "not before the grace");
        clock.now = clock.now.plusSeconds(1);
        assertEquals(new ErasureService.Run(1, 0, 0), erasure.resumeAll());
        assertAdaErased();
    }

    @Test
    void loginsAreRefusedFromTheMomentTheRequestIsAcceptedEvenIfTheNextStepFails() {
        account.failing = InMemoryAccount.Step.REVOKE_SESSIONS;
        erasure.erase(ada, PASSWORD, null);
        assertEquals(
                "INVALID_CREDENTIALS",
                assertThrows(DomainException.class, () -> logins.login(new Email("ada@example.com"), PASSWORD))
                        .code());
    }

    @Test
    void aRemovalThatFailsAfterTheJobIsRecordedIs503AndThePickupStillErasesTheAccount() {
        users.removalFailure = new IllegalStateException("DynamoDB does not answer");
        assertEquals(
                "ERASURE_UNAVAILABLE",
                assertThrows(DomainException.class, () -> erasure.erase(ada, PASSWORD, null))
                        .code());
        assertTrue(account.jobs.containsKey(ada), "the job is recorded, so the erasure is not lost");
        assertTrue(users.byId.containsKey(ada), "not removed: a 503 promises nothing about logins");
        users.removalFailure = null;
        assertEquals(
                new ErasureService.Run(0, 1, 0),
                erasure.resumeAll(),
                "the pickup removes the account and runs the steps");
        assertTrue(users.byId.get(ada) == null
                && users.findCredentials(new Email("ada@example.com")).isEmpty());
        clock.now = clock.now.plus(GRACE);
        assertEquals(new ErasureService.Run(1, 0, 0), erasure.resumeAll());
        assertAdaErased();
    }

    @ParameterizedTest
    @EnumSource(InMemoryAccount.Step.class)
    void aFailureAtAnyStepIsFinishedByTheScheduledPickup(InMemoryAccount.Step step) {
        account.failing = step;
        if (step == InMemoryAccount.Step.ACCEPT) {
            Map<String, Object> before = snapshot();
            assertThrows(InMemoryAccount.InjectedFailure.class, () -> erasure.erase(ada, PASSWORD, null));
            assertEquals(before, snapshot(), "a failed acceptance changes nothing");
            account.failing = null;
            erasure.erase(ada, PASSWORD, null);
        } else {
            ErasureService.Accepted accepted = erasure.erase(ada, PASSWORD, null);
            assertFalse(accepted.finished());
            assertTrue(account.jobs.containsKey(ada), "the job is recorded");
        }
        clock.now = clock.now.plus(GRACE);
        ErasureService.Run failedAgain = erasure.resumeAll();
        if (step != InMemoryAccount.Step.ACCEPT) {
            assertEquals(new ErasureService.Run(0, 0, 1), failedAgain, "the fault is still there: the job stays");
            assertTrue(account.jobs.containsKey(ada));
        }
        account.failing = null;
        clock.now = clock.now.plusSeconds(60);
        erasure.resumeAll();
        if (step == InMemoryAccount.Step.REVOKE_SESSIONS) {
            assertTrue(
                    account.jobs.containsKey(ada),
                    "the grace counts from the revocation, which only this run achieved");
            clock.now = clock.now.plus(GRACE);
            erasure.resumeAll();
        }
        assertAdaErased();
    }

    @Test
    void theGraceCountsFromTheRevocationOfTheSessions() {
        account.failing = InMemoryAccount.Step.REVOKE_SESSIONS;
        erasure.erase(ada, PASSWORD, null);
        account.failing = null;
        // Until the sessions are revoked they can still make uploads and orders: the grace has not begun.
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        assertEquals(new ErasureService.Run(0, 1, 0), erasure.resumeAll());
        clock.now = clock.now.plus(GRACE).minusSeconds(1);
        assertEquals(
                new ErasureService.Run(0, 1, 0),
                erasure.resumeAll(),
                "not yet: the revocation was 10 minutes after the acceptance");
        clock.now = clock.now.plusSeconds(1);
        assertEquals(new ErasureService.Run(1, 0, 0), erasure.resumeAll());
        assertAdaErased();
    }

    @Test
    void whatArrivesDuringTheGraceIsSweptByTheLastRun() {
        erasure.erase(ada, PASSWORD, null);
        // An upload URL issued before the erasure, used after it; a login or order in flight when it began.
        account.objects.add("uploads/" + ada + "/late-upload");
        account.items.add(InMemoryAccount.prefix(ada) + "ORDER#2026-11-23T10:00:05Z#late-order");
        sessions.byHash.put(
                "late",
                new Session(
                        "late", ada, Set.of(), clock.instant(), clock.instant().plus(Duration.ofHours(24))));
        account.items.add(InMemoryAccount.prefix(ada) + "SESSION#late");
        clock.now = clock.now.plus(GRACE);
        assertEquals(new ErasureService.Run(1, 0, 0), erasure.resumeAll());
        assertAdaErased();
    }

    @Test
    void aSecondRequestWhileTheJobIsPendingResumesIt() {
        account.failing = InMemoryAccount.Step.DELETE_OBJECTS;
        erasure.erase(ada, PASSWORD, null);
        account.failing = null;
        // The credentials are gone with the e-mail claim; the job stands for the password checked before.
        ErasureService.Accepted again = erasure.erase(ada, new Password("anything at all"), null);
        assertEquals(List.of("job"), account.traces(ada));
        assertFalse(again.finished());
    }

    @Test
    void aWrongPasswordChangesNothingAndCountsAsAFailedLogin() {
        Map<String, Object> before = snapshot();
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    "WRONG_PASSWORD",
                    assertThrows(
                                    DomainException.class,
                                    () -> erasure.erase(ada, new Password("wrong password!"), "192.0.2.1"))
                            .code());
        }
        assertEquals(before, snapshot(), "nothing changed");
        int verifications = hasher.verifications.get();
        DomainException limited = assertThrows(DomainException.class, () -> erasure.erase(ada, PASSWORD, "192.0.2.1"));
        assertEquals(
                "TOO_MANY_ATTEMPTS",
                limited.code(),
                "the account's login budget is used up, even for the right password");
        assertEquals(verifications, hasher.verifications.get(), "refused before any hashing");
        assertEquals(
                "TOO_MANY_ATTEMPTS",
                assertThrows(DomainException.class, () -> logins.login(new Email("ada@example.com"), PASSWORD))
                        .code(),
                "the same budget as logins: guessing through this route costs the attacker login attempts");
        assertEquals(before, snapshot());
    }

    @Test
    void theRightPasswordGivesItsAttemptBack() {
        erasure.erase(bob, PASSWORD, "192.0.2.1");
        assertEquals(
                0, limiter.counts.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void anErasedAccountsStaleSessionGetsAccountGone() {
        erasure = new ErasureService(
                users, hasher, limiter, limits, account, account, account, clock, Duration.ZERO, ledger);
        assertTrue(erasure.erase(ada, PASSWORD, null).finished(), "with no grace the request finishes the job itself");
        assertEquals(
                "ACCOUNT_NOT_FOUND",
                assertThrows(DomainException.class, () -> erasure.erase(ada, PASSWORD, null))
                        .code());
        assertAdaErased();
    }

    Map<String, Object> snapshot() {
        return Map.of(
                "users",
                Map.copyOf(users.byId),
                "emails",
                Map.copyOf(users.idByEmail),
                "sessions",
                Map.copyOf(sessions.byHash),
                "items",
                Set.copyOf(account.items),
                "objects",
                Set.copyOf(account.objects),
                "outbox",
                Map.copyOf(account.outbox),
                "jobs",
                Map.copyOf(account.jobs));
    }
}
