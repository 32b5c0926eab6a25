package dev.polystack.shared.adapter;

import dev.polystack.shared.DomainException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The opaque page cursor of a Query within the caller's own partition: only the last sort key,
 * base64url. The partition always comes from the caller, so a tampered cursor cannot reach another
 * user's items; one that does not decode to a sort key of the expected shape is a 400.
 */
public final class SortKeyCursor {
    private SortKeyCursor() {
    }

    public static String encode(String sortKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String cursor, Pattern sortKeyShape) {
        try {
            String sortKey = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (sortKeyShape.matcher(sortKey).matches()) {
                return sortKey;
            }
        } catch (IllegalArgumentException notBase64) {
            // the same answer as any other bad cursor
        }
        throw DomainException.invalid("INVALID_CURSOR", "cursor is not one this API returned");
    }
}
