package dev.polystack.session;

import dev.polystack.recovery.LedgerEntry;
import dev.polystack.recovery.RecoveryLedger;
import dev.polystack.shared.Actor;
import dev.polystack.shared.Admin;
import dev.polystack.shared.InvocationLog;
import dev.polystack.shared.Operator;
import dev.polystack.shared.Role;
import dev.polystack.user.Email;
import dev.polystack.user.RoleChange;
import dev.polystack.user.UserErrors;
import dev.polystack.user.UserRepository;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Grants and revokes roles: administrators through the API, operators (AWS credentials, no route)
 * by e-mail, which is how the first administrator is made. The profile and the e-mail claim change
 * in one transaction with an audit record; then every live session of the user gets the new roles,
 * so a revoked administrator is refused on their next request. The invocation's log line says who
 * changed what ({@code roleChange}).
 */
public final class RoleService {
    private static final Pattern USER_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** Who the audit record names for a revocation re-applied by a recovery. */
    static final Operator RECOVERY = new Operator("recovery");

    private final UserRepository users;
    private final SessionStore sessions;
    private final Clock clock;
    private final RecoveryLedger ledger;

    /** Without a ledger: grants work, every revocation is refused (503 RECOVERY_LEDGER_UNAVAILABLE). */
    public RoleService(UserRepository users, SessionStore sessions, Clock clock) {
        this(users, sessions, clock, RecoveryLedger.unavailable());
    }

    public RoleService(UserRepository users, SessionStore sessions, Clock clock, RecoveryLedger ledger) {
        this.users = users;
        this.sessions = sessions;
        this.clock = clock;
        this.ledger = ledger;
    }

    /** The user's roles after the change, and how many of their sessions now carry them. */
    public record Result(RoleChange change, int sessionsUpdated) {}

    public Result change(Admin admin, String userId, Role role, boolean grant) {
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            throw UserErrors.userNotFound();
        }
        if (!grant) {
            recordRevocation(userId, role);
        }
        return apply(admin, role, grant, () -> users.changeRole(userId, role, grant, admin, clock.instant()));
    }

    public Result change(Operator operator, Email email, Role role, boolean grant) {
        if (!grant) {
            String userId = users.findCredentials(email)
                    .orElseThrow(UserErrors::userNotFound)
                    .userId();
            recordRevocation(userId, role);
        }
        return apply(operator, role, grant, () -> users.changeRole(email, role, grant, operator, clock.instant()));
    }

    /** A recovery takes a role away again that the ledger says was revoked after the restore point. */
    public void revokeAgain(String userId, Role role) {
        users.changeRole(userId, role, false, RECOVERY, clock.instant())
                .ifPresent(changed -> sessions.updateRoles(changed.userId(), changed.after(), clock.instant()));
    }

    /** Before the change: a revocation the ledger cannot record is not made (the caller retries). */
    private void recordRevocation(String userId, Role role) {
        ledger.record(LedgerEntry.roleRevoked(userId, role.wireName(), clock.instant()));
    }

    private Result apply(Actor actor, Role role, boolean grant, Supplier<Optional<RoleChange>> change) {
        RoleChange changed = change.get().orElseThrow(UserErrors::userNotFound);
        // Also when nothing changed: a change whose session update was cut short is completed by repeating it.
        int updated = sessions.updateRoles(changed.userId(), changed.after(), clock.instant());
        Map<String, Object> logged = new LinkedHashMap<>();
        logged.put("actor", actor.describe());
        logged.put("userId", changed.userId());
        logged.put("role", role.wireName());
        logged.put("change", grant ? "grant" : "revoke");
        logged.put("changed", changed.changed());
        logged.put(
                "roles", changed.after().stream().map(Role::wireName).sorted().toList());
        logged.put("sessionsUpdated", updated);
        InvocationLog.note("roleChange", logged);
        return new Result(changed, updated);
    }
}
