package dev.polystack.user;

import java.util.regex.Pattern;

/** The shape of the user ids sign-up issues (a random UUID in its lower-case text form). */
public final class UserIds {
    private static final Pattern USER_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private UserIds() {}

    /** Whether {@code userId} could name an account; anything else names none. */
    public static boolean wellFormed(String userId) {
        return userId != null && USER_ID.matcher(userId).matches();
    }
}
