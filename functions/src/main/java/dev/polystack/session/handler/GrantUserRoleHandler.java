package dev.polystack.session.handler;

import dev.polystack.app.AppContext;
import dev.polystack.session.RoleService;

/** {@code PUT /users/{userId}/roles/{role}}: an administrator grants a role ({@link UserRoleHandler}). */
public final class GrantUserRoleHandler extends UserRoleHandler {

    public GrantUserRoleHandler() {
        this(AppContext.fromEnvironment().roles());
    }

    public GrantUserRoleHandler(RoleService roles) {
        super(roles, true);
    }
}
