package dev.polystack.session.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.session.RoleService;
import dev.polystack.shared.Admin;
import dev.polystack.shared.Role;

/**
 * {@code PUT} and {@code DELETE /users/{userId}/roles/{role}}: an administrator grants or revokes a
 * role (idempotent); 403 ADMIN_REQUIRED for anyone else, before anything is read or written. The
 * user's sessions carry the change from their next request.
 */
abstract class UserRoleHandler extends HttpFunction {
    private final RoleService roles;
    private final boolean grant;

    UserRoleHandler(RoleService roles, boolean grant) {
        this.roles = roles;
        this.grant = grant;
    }

    @Override
    protected final APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Admin admin = request.caller().asAdmin();
        Role role = Role.parse(request.pathParameter("role"));
        RoleService.Result result = roles.change(admin, request.pathParameter("userId"), role, grant);
        return HttpResponses.json(200, UserRolesResponse.of(result));
    }
}
