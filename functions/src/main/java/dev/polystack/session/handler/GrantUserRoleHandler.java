package dev.polystack.session.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.session.RoleService;
import dev.polystack.shared.Admin;
import dev.polystack.shared.Role;

/**
 * {@code PUT /users/{userId}/roles/{role}}: an administrator grants a role (idempotent); 403
 * ADMIN_REQUIRED for anyone else, before anything is read or written. The user's sessions carry the
 * change from their next request.
 */
public final class GrantUserRoleHandler extends HttpFunction {
    private final RoleService roles;

    public GrantUserRoleHandler() {
        this(AppContext.fromEnvironment().roles());
    }

    public GrantUserRoleHandler(RoleService roles) {
        this.roles = roles;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Admin admin = request.caller().asAdmin();
        Role role = Role.parse(request.pathParameter("role"));
        RoleService.Result result = roles.change(admin, request.pathParameter("userId"), role, true);
        return HttpResponses.json(200, UserRolesResponse.of(result));
    }
}
