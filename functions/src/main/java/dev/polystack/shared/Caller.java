package dev.polystack.shared;

import java.util.Set;

/**
 * Who sent a request, as the authorizer established it: the user id and the roles their session
 * carries. A route that needs more than a signed-in user asks for it here before doing anything.
 */
public record Caller(String userId, Set<Role> roles) {
    public Caller {
        roles = Set.copyOf(roles);
    }

    /** The caller as an administrator; 403 ADMIN_REQUIRED (nothing done) for anyone else. */
    public Admin asAdmin() {
        if (!roles.contains(Role.ADMIN)) {
            throw AccessErrors.adminRequired();
        }
        return new Admin(userId);
    }
}
