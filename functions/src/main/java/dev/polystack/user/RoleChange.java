package dev.polystack.user;

import dev.polystack.shared.Role;
import java.util.Set;

/** A user's roles before and after one grant or revoke; the same when the change was already in place. */
public record RoleChange(String userId, Email email, Set<Role> before, Set<Role> after) {
    public RoleChange {
        before = Set.copyOf(before);
        after = Set.copyOf(after);
    }

    public boolean changed() {
        return !before.equals(after);
    }
}
