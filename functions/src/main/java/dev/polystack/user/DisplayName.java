package dev.polystack.user;

import dev.polystack.shared.DomainException;

/** A person's display name: 1 to 100 characters after trimming, no control characters. */
public record DisplayName(String value) {
    public static final int MAX_LENGTH = 100;

    public DisplayName {
        if (value == null) {
            throw DomainException.missingField("name is required");
        }
        value = value.strip();
        int length = value.codePointCount(0, value.length());
        if (length < 1 || length > MAX_LENGTH || value.codePoints().anyMatch(Character::isISOControl)) {
            throw UserErrors.invalidName(MAX_LENGTH);
        }
    }
}
