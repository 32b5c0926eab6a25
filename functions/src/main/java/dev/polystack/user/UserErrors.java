package dev.polystack.user;

import dev.polystack.shared.DomainException;
import dev.polystack.shared.ErrorKind;

/** The user context's failures, with their stable codes. */
public final class UserErrors {
    private UserErrors() {}

    public static DomainException invalidEmail() {
        return DomainException.invalid("INVALID_EMAIL", "email is not a valid address");
    }

    public static DomainException invalidName(int maxLength) {
        return DomainException.invalid(
                "INVALID_NAME", "name must be 1 to " + maxLength + " characters without control characters");
    }

    public static DomainException invalidPassword(int minLength, int maxLength) {
        return DomainException.invalid(
                "INVALID_PASSWORD", "password must be " + minLength + " to " + maxLength + " characters");
    }

    public static DomainException invalidVersion() {
        return DomainException.invalid("INVALID_VERSION", "version must be a positive whole number");
    }

    public static DomainException emailTaken() {
        return DomainException.conflict("EMAIL_TAKEN", "an account with this email already exists");
    }

    public static DomainException versionConflict() {
        return DomainException.conflict(
                "VERSION_CONFLICT", "the profile was changed since this version; read it again");
    }

    public static DomainException userNotFound() {
        return DomainException.notFound("USER_NOT_FOUND", "no such user");
    }

    /** A valid session whose account no longer exists: the token is as good as revoked. */
    public static DomainException accountGone() {
        return new DomainException(
                ErrorKind.UNAUTHENTICATED, "ACCOUNT_NOT_FOUND", "the account for this session no longer exists");
    }
}
