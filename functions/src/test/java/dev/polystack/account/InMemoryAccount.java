package dev.polystack.account;

import dev.polystack.session.InMemorySessions;
import dev.polystack.user.InMemoryUsers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The erasure's three ports in memory, over the user and session fakes: the single table's other items
 * of a user's partition are keys {@code USER#<id>|<sort key>}, the bucket is a set of object keys, the
 * outbox a map of order id to owner and published flag. {@link #failing} makes one step fail after
 * it has done part of its work (as a function killed in the middle of it would leave it).
 */
public final class InMemoryAccount implements AccountStore, AccountObjects, OrderHistory {
    enum Step {
        ACCEPT,
        REVOKE_SESSIONS,
        SETTLE_OUTBOX,
        DELETE_OBJECTS,
        DELETE_ITEMS,
        FINISH
    }

    static final class InjectedFailure extends RuntimeException {
        InjectedFailure(Step step) {
            super("injected failure in " + step);
        }
    }

    final InMemoryUsers users;
    final InMemorySessions sessions;
    final Set<String> items = new ConcurrentSkipListSet<>();
    final Set<String> objects = new ConcurrentSkipListSet<>();
    /** order id to {@code userId|published}. */
    final Map<String, String> outbox = new ConcurrentHashMap<>();

    final Map<String, ErasureJob> jobs = new ConcurrentHashMap<>();
    volatile Step failing;

    public InMemoryAccount(InMemoryUsers users, InMemorySessions sessions) {
        this.users = users;
        this.sessions = sessions;
    }

    /** Throws if {@code step} is the one failing, once {@code done} units of its work are done (after the first). */
    private void maybeFail(Step step, int done) {
        if (failing == step && done >= 1) {
            throw new InjectedFailure(step);
        }
    }

    @Override
    public synchronized boolean accept(ErasureJob job) {
        if (failing == Step.ACCEPT) {
            throw new InjectedFailure(Step.ACCEPT);
        }
        return jobs.putIfAbsent(job.userId(), job) == null;
    }

    @Override
    public Optional<ErasureJob> job(String userId) {
        return Optional.ofNullable(jobs.get(userId));
    }

    @Override
    public List<ErasureJob> jobs() {
        return new ArrayList<>(jobs.values());
    }

    @Override
    public int revokeSessions(String userId) {
        int done = 0;
        for (var session : sessions.byHash.values()) {
            if (session.userId().equals(userId)) {
                maybeFail(Step.REVOKE_SESSIONS, done);
                sessions.byHash.remove(session.tokenHash());
                items.remove(prefix(userId) + "SESSION#" + session.tokenHash());
                done++;
            }
        }
        maybeFail(Step.REVOKE_SESSIONS, 1);
        return done;
    }

    @Override
    public void sessionsRevoked(ErasureJob job) {
        jobs.computeIfPresent(job.userId(), (id, recorded) -> recorded.sessionsRevokedAt() == null ? job : recorded);
    }

    @Override
    public int deleteItems(String userId) {
        int done = 0;
        for (String item : items) {
            if (item.startsWith(prefix(userId))) {
                maybeFail(Step.DELETE_ITEMS, done);
                String sortKey = item.substring(prefix(userId).length());
                if (sortKey.startsWith("SESSION#")) {
                    sessions.byHash.remove(sortKey.substring("SESSION#".length()));
                }
                items.remove(item);
                done++;
            }
        }
        maybeFail(Step.DELETE_ITEMS, 1);
        return done;
    }

    @Override
    public void finish(ErasureJob job) {
        if (failing == Step.FINISH) {
            throw new InjectedFailure(Step.FINISH);
        }
        jobs.remove(job.userId());
    }

    @Override
    public int deleteAll(String userId) {
        int done = 0;
        for (String key : objects) {
            if (key.startsWith("uploads/" + userId + "/") || key.startsWith("exports/" + userId + "/")) {
                maybeFail(Step.DELETE_OBJECTS, done);
                objects.remove(key);
                done++;
            }
        }
        maybeFail(Step.DELETE_OBJECTS, 1);
        return done;
    }

    @Override
    public int settleOutbox(String userId) {
        int done = 0;
        for (var row : outbox.entrySet()) {
            if (row.getValue().equals(userId + "|false")) {
                maybeFail(Step.SETTLE_OUTBOX, done);
                row.setValue(userId + "|true");
                done++;
            }
        }
        maybeFail(Step.SETTLE_OUTBOX, 1);
        return done;
    }

    static String prefix(String userId) {
        return "USER#" + userId + "|";
    }

    /** Everything stored anywhere that names the user: what must be empty once the erasure is finished. */
    List<String> traces(String userId) {
        List<String> found = new ArrayList<>();
        if (users.byId.containsKey(userId)) {
            found.add("profile");
        }
        users.idByEmail.forEach((email, id) -> {
            if (id.equals(userId)) {
                found.add("email claim " + email);
            }
        });
        sessions.byHash.values().stream()
                .filter(s -> s.userId().equals(userId))
                .forEach(s -> found.add("session " + s.tokenHash()));
        items.stream().filter(i -> i.startsWith(prefix(userId))).forEach(i -> found.add("item " + i));
        objects.stream().filter(k -> k.contains(userId)).forEach(k -> found.add("object " + k));
        if (jobs.containsKey(userId)) {
            found.add("job");
        }
        return found;
    }
}
