package dev.polystack.order;

import dev.polystack.shared.DomainException;
import java.util.regex.Pattern;

/** One requested line: a product and how many, 1 to 1000. */
public record OrderLine(String productId, int quantity) {
    public static final int MAX_QUANTITY = 1000;
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public OrderLine {
        if (productId == null) {
            throw DomainException.missingField("every item needs a productId");
        }
        productId = productId.toLowerCase(java.util.Locale.ROOT);
        if (!UUID.matcher(productId).matches()) {
            throw OrderErrors.invalidProductId();
        }
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw OrderErrors.invalidQuantity(MAX_QUANTITY);
        }
    }
}
