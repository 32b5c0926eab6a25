package dev.polystack.session;

import dev.polystack.shared.DomainException;
import dev.polystack.shared.ErrorKind;

/** The session context's failures, with their stable codes. */
public final class SessionErrors {
    private SessionErrors() {}

    /** The same answer for an unknown e-mail and a wrong password. */
    public static DomainException invalidCredentials() {
        return new DomainException(ErrorKind.UNAUTHENTICATED, "INVALID_CREDENTIALS", "email or password is wrong");
    }

    public static DomainException sessionNotFound() {
        return new DomainException(ErrorKind.UNAUTHENTICATED, "SESSION_NOT_FOUND", "this session has already ended");
    }

    /** The user's roles kept changing while a login stored its session; rare enough to ask for a retry. */
    public static DomainException rolesChanging() {
        return DomainException.unavailable(
                "ROLES_CHANGING", "this account's roles are being changed; log in again in a moment");
    }

    public static DomainException invalidAction() {
        return DomainException.invalid("INVALID_ACTION", "action must be grant or revoke");
    }

    /**
     * A password change whose current password is wrong: 403, not 401, since the session itself is
     * fine and a client must not take it for a lost login.
     */
    public static DomainException wrongCurrentPassword() {
        return new DomainException(
                ErrorKind.FORBIDDEN, "WRONG_CURRENT_PASSWORD", "currentPassword is not this account's password");
    }

    /** Another password change was stored between reading the account and writing the new hash. */
    public static DomainException passwordChangedMeanwhile() {
        return DomainException.conflict(
                "PASSWORD_CHANGED_MEANWHILE",
                "the password was changed by another request; try again with the new one");
    }
}
