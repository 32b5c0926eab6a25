package dev.polystack.account;

import dev.polystack.user.Email;
import java.util.List;
import java.util.Optional;

/** The single table as an erasure sees it: the jobs, and every item of one user. Every call is safe to repeat. */
public interface AccountStore {
    /**
     * In one write: records the job, deletes the profile and the e-mail claim (from then on no login
     * can find the account, and no projection conditional on the profile can write). False, with
     * nothing changed, if the profile is already gone.
     */
    boolean accept(ErasureJob job, Email email);

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
