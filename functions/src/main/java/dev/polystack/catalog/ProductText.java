package dev.polystack.catalog;

import dev.polystack.shared.DomainException;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The rules for the text an administrator types into a product: SKU, name, description, and a stock change's reason. */
public final class ProductText {
    public static final int MAX_SKU = 64;
    public static final int MAX_NAME = 200;
    public static final int MAX_DESCRIPTION = 2000;
    public static final int MAX_REASON = 200;
    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_SKU - 1) + "}");

    private ProductText() {}

    public static String sku(String sku) {
        if (sku == null || !SKU.matcher(sku).matches()) {
            throw CatalogErrors.invalidSku(MAX_SKU);
        }
        return sku;
    }

    /** Trimmed; 1 to 200 characters, no control characters. */
    public static String name(String name) {
        return oneLine(name, MAX_NAME, () -> CatalogErrors.invalidName(MAX_NAME));
    }

    /** Trimmed; up to 2000 characters; line breaks and tabs are the only control characters allowed. */
    public static String description(String description) {
        String value = description.strip();
        if (!fits(value, 0, MAX_DESCRIPTION)
                || value.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw CatalogErrors.invalidDescription(MAX_DESCRIPTION);
        }
        return value;
    }

    public static String reason(String reason) {
        return oneLine(reason, MAX_REASON, () -> CatalogErrors.invalidReason(MAX_REASON));
    }

    private static String oneLine(String text, int maxLength, Supplier<DomainException> invalid) {
        String value = text.strip();
        if (!fits(value, 1, maxLength) || value.codePoints().anyMatch(Character::isISOControl)) {
            throw invalid.get();
        }
        return value;
    }

    private static boolean fits(String value, int min, int max) {
        int length = value.codePointCount(0, value.length());
        return length >= min && length <= max;
    }
}
