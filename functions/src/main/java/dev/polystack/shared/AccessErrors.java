package dev.polystack.shared;

import java.util.List;

/** The failures of who-may-do-what (roles, administrators, operators), with their stable codes. */
public final class AccessErrors {
    private AccessErrors() {}

    public static DomainException adminRequired() {
        return new DomainException(ErrorKind.FORBIDDEN, "ADMIN_REQUIRED", "this route is for administrators");
    }

    public static DomainException invalidRole(List<String> known) {
        return DomainException.invalid("INVALID_ROLE", "role must be one of " + known);
    }

    public static DomainException invalidOperator(int maxLength) {
        return DomainException.invalid(
                "INVALID_OPERATOR", "operator must be 1 to " + maxLength + " characters without control characters");
    }
}
