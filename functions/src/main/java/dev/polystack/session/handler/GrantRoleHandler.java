package dev.polystack.session.handler;

import dev.polystack.app.AppContext;
import dev.polystack.session.RoleService;
import dev.polystack.session.SessionErrors;
import dev.polystack.shared.InvocationLine;
import dev.polystack.shared.Operator;
import dev.polystack.shared.Role;
import dev.polystack.shared.lambda.OperatorFunction;
import dev.polystack.user.Email;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Grants or revokes a role by e-mail, for operators only (no route: {@code aws lambda invoke},
 * {@code local/invoke GrantRole -e events/grant-role.json}). This is how the first administrator is
 * made: e-mail addresses are not verified, so nothing reachable over HTTP may hand out a role to an
 * address. The request: {@code action} (grant or revoke), {@code email}, {@code role}, and
 * {@code operator}, who makes the change (logged and kept in the audit record, beside Lambda's request
 * id, which CloudTrail's record of the invocation carries too).
 */
public final class GrantRoleHandler extends OperatorFunction {
    private final RoleService roles;

    public GrantRoleHandler() {
        this(AppContext.fromEnvironment().roles());
    }

    public GrantRoleHandler(RoleService roles) {
        this.roles = roles;
    }

    @Override
    protected Map<String, Object> run(Map<String, Object> request, InvocationLine line) {
        boolean grant = switch (text(request, "action")) {
            case "grant" -> true;
            case "revoke" -> false;
            default -> throw SessionErrors.invalidAction();
        };
        Operator operator = new Operator(text(request, "operator"));
        Email email = new Email(text(request, "email"));
        Role role = Role.parse(text(request, "role"));
        RoleService.Result result = roles.change(operator, email, role, grant);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("userId", result.change().userId());
        answer.put("email", result.change().email().value());
        answer.put("roles", UserRolesResponse.names(result.change().after()));
        answer.put("changed", result.change().changed());
        answer.put("sessionsUpdated", result.sessionsUpdated());
        return answer;
    }
}
