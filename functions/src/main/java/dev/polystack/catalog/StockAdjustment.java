package dev.polystack.catalog;

import dev.polystack.shared.DomainException;

/** A relative change of stock (restock, count correction, breakage) and why it was made. */
public record StockAdjustment(int delta, String reason) {

    public static StockAdjustment of(Long delta, String reason) {
        if (delta == null || reason == null) {
            throw DomainException.missingField("delta and reason are required");
        }
        if (delta == 0 || Math.abs(delta) > ProductDraft.MAX_STOCK) {
            throw CatalogErrors.invalidDelta(ProductDraft.MAX_STOCK);
        }
        return new StockAdjustment(delta.intValue(), ProductText.reason(reason));
    }
}
