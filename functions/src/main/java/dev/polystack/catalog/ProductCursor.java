package dev.polystack.catalog;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a page of products ended, for the next one (keyset pagination, so a page costs the same however
 * deep): the SKU, and for a search the rank too (pages are ordered by rank, then SKU). Clients see it
 * as opaque base64url; one that does not decode to this shape, or that belongs to the other kind of
 * listing, is a 400.
 */
public record ProductCursor(Optional<BigDecimal> rank, String sku) {
    private static final Pattern SEARCH = Pattern.compile("s (\\d{1,6}\\.\\d{6}) ([A-Za-z0-9][A-Za-z0-9._-]{0,63})");
    private static final Pattern BROWSE = Pattern.compile("b ([A-Za-z0-9][A-Za-z0-9._-]{0,63})");

    public String encode() {
        String text =
                rank.map(r -> "s " + r.setScale(6).toPlainString() + " " + sku).orElse("b " + sku);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor of a search ({@code search}) or of a plain listing. */
    public static ProductCursor decode(String cursor, boolean search) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw CatalogErrors.invalidCursor();
        }
        Matcher match = (search ? SEARCH : BROWSE).matcher(text);
        if (!match.matches()) {
            throw CatalogErrors.invalidCursor();
        }
        return search
                ? new ProductCursor(Optional.of(new BigDecimal(match.group(1))), match.group(2))
                : new ProductCursor(Optional.empty(), match.group(1));
    }
}
