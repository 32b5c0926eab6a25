package dev.polystack.session;

import dev.polystack.shared.DomainException;
import dev.polystack.shared.ErrorKind;

/** The session context's failures, with their stable codes. */
public final class SessionErrors {
    private SessionErrors() {
    }

    /** The same answer for an unknown e-mail and a wrong password. */
    public static DomainException invalidCredentials() {
        return new DomainException(ErrorKind.UNAUTHENTICATED, "INVALID_CREDENTIALS", "email or password is wrong");
    }

    public static DomainException sessionNotFound() {
        return new DomainException(ErrorKind.UNAUTHENTICATED, "SESSION_NOT_FOUND", "this session has already ended");
    }
}
