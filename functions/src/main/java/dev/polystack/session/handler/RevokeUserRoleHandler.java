package dev.polystack.session.handler;

import dev.polystack.app.AppContext;
import dev.polystack.session.RoleService;

/** {@code DELETE /users/{userId}/roles/{role}}: an administrator revokes a role ({@link UserRoleHandler}). */
public final class RevokeUserRoleHandler extends UserRoleHandler {

    public RevokeUserRoleHandler() {
        this(AppContext.fromEnvironment().roles());
    }

    public RevokeUserRoleHandler(RoleService roles) {
        super(roles, false);
    }
}
