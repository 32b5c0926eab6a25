package dev.polystack.user;

import dev.polystack.shared.DomainException;
import java.util.Locale;
import java.util.regex.Pattern;

/** An e-mail address, trimmed and lower-cased before any use, so one mailbox is one account. */
public record Email(String value) {
    static final int MAX_LENGTH = 254;
    private static final Pattern SHAPE = Pattern.compile(
            "[^@\\s\\p{Cntrl}]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    public Email {
        if (value == null) {
            throw DomainException.missingField("email is required");
        }
        value = value.strip().toLowerCase(Locale.ROOT);
        if (value.length() > MAX_LENGTH || !SHAPE.matcher(value).matches()) {
            throw UserErrors.invalidEmail();
        }
    }
}
