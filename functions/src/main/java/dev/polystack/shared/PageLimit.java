package dev.polystack.shared;

import java.util.Optional;

/** The {@code limit} query parameter every list route takes: a whole number from 1 to a maximum. */
public final class PageLimit {
    public static final int DEFAULT = 20;
    public static final int MAX = 100;

    private PageLimit() {}

    public static int parse(Optional<String> text) {
        if (text.isEmpty()) {
            return DEFAULT;
        }
        int limit;
        try {
            limit = Integer.parseInt(text.get());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX) {
            throw DomainException.invalid("INVALID_LIMIT", "limit must be a whole number from 1 to " + MAX);
        }
        return limit;
    }
}
