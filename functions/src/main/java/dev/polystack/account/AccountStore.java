package dev.polystack.account;

import java.util.List;
import java.util.Optional;

/** The single table as an erasure sees it: the jobs, and every item of one user. Every call is safe to repeat. */
public interface AccountStore {
    /**
     * Records the job, unless one for the user is recorded already (a concurrent erasure): then
     * false, with nothing changed. The user context deletes the profile and the e-mail claim after it
     * ({@code UserRepository.removeAccount}): a job recorded first is never lost, and every run of the
     * steps repeats the removal.
     */
    boolean accept(ErasureJob job);

    Optional<ErasureJob> job(String userId);

    /** Every recorded job (a consistent read, so one accepted a moment ago is among them). */
    List<ErasureJob> jobs();

    /** Deletes every session of the user found through its pointer, and the pointer; how many sessions. */
    int revokeSessions(String userId);

    /** Records when the user's sessions were first all revoked: the grace is counted from then. */
    void sessionsRevoked(ErasureJob job);

    /** Deletes every item left in the user's partition (consistent read), and the sessions its pointers lead to; how many. */
    int deleteItems(String userId);

    /** Deletes the job: afterwards no item carries the user's id. */
    void finish(ErasureJob job);
}
