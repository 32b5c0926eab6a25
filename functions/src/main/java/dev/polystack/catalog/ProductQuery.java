package dev.polystack.catalog;

import dev.polystack.shared.PageLimit;
import java.util.Optional;

/**
 * What a shopper asks the catalogue for: optionally words to search for in names and descriptions
 * (searched as text, whatever syntax they hold), a price range, in stock or not, and a page.
 */
public record ProductQuery(
        Optional<String> text,
        Optional<Long> minPriceCents,
        Optional<Long> maxPriceCents,
        Optional<Boolean> inStock,
        int limit,
        Optional<ProductCursor> after) {
    public static final int MAX_TEXT = 200;

    /** The query parameters as given ({@code q}, {@code minPriceCents}, {@code maxPriceCents}, {@code inStock}, {@code limit}, {@code cursor}). */
    public static ProductQuery of(
            Optional<String> q,
            Optional<String> minPriceCents,
            Optional<String> maxPriceCents,
            Optional<String> inStock,
            Optional<String> limit,
            Optional<String> cursor) {
        Optional<String> text = q.map(String::strip).filter(t -> !t.isEmpty());
        if (text.isPresent()
                && (text.get().codePointCount(0, text.get().length()) > MAX_TEXT
                        || text.get().codePoints().anyMatch(Character::isISOControl))) {
            throw CatalogErrors.invalidQuery(MAX_TEXT);
        }
        Optional<Long> min = minPriceCents.map(ProductQuery::price);
        Optional<Long> max = maxPriceCents.map(ProductQuery::price);
        if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
            throw CatalogErrors.invalidPriceFilter(ProductDraft.MAX_PRICE_CENTS);
        }
        Optional<Boolean> stocked = inStock.map(value -> switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw CatalogErrors.invalidInStock();
        });
        return new ProductQuery(
                text,
                min,
                max,
                stocked,
                PageLimit.parse(limit),
                cursor.filter(c -> !c.isEmpty()).map(c -> ProductCursor.decode(c, text.isPresent())));
    }

    private static long price(String text) {
        try {
            long value = Long.parseLong(text);
            if (value >= 0 && value <= ProductDraft.MAX_PRICE_CENTS) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // the same answer as a number out of range
        }
        throw CatalogErrors.invalidPriceFilter(ProductDraft.MAX_PRICE_CENTS);
    }
}
