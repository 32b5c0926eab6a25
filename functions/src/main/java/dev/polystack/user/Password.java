package dev.polystack.user;

import dev.polystack.shared.DomainException;

/** A password as typed: 8 to 128 characters (the upper bound keeps hashing cost bounded). */
public record Password(String value) {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 128;

    public Password {
        if (value == null) {
            throw DomainException.missingField("password is required");
        }
        int length = value.codePointCount(0, value.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw UserErrors.invalidPassword(MIN_LENGTH, MAX_LENGTH);
        }
    }

    /** Whether {@code value} could be a password: what the constructor checks, as an answer instead of an error. */
    public static boolean acceptable(String value) {
        if (value == null) {
            return false;
        }
        int length = value.codePointCount(0, value.length());
        return length >= MIN_LENGTH && length <= MAX_LENGTH;
    }

    @Override
    public String toString() {
        return "Password[****]";
    }
}
