package dev.polystack.account;

import dev.polystack.shared.DomainException;
import dev.polystack.shared.ErrorKind;

/** The account context's failures, with their stable codes. */
public final class AccountErrors {
    private AccountErrors() {}

    /** The session is valid, the password is not the account's: nothing was changed. */
    public static DomainException wrongPassword() {
        return new DomainException(ErrorKind.FORBIDDEN, "WRONG_PASSWORD", "the password is not this account's");
    }

    /**
     * Recording the erasure failed (nothing was changed), or removing the account after it did (the
     * scheduled pickup finishes it): the same request may be sent again.
     */
    public static DomainException unavailable() {
        return DomainException.unavailable(
                "ERASURE_UNAVAILABLE", "the erasure could not be started; send the request again");
    }
}
