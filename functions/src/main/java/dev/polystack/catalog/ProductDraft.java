package dev.polystack.catalog;

import dev.polystack.shared.DomainException;

/** A new product as an administrator describes it, checked before anything is written. */
public record ProductDraft(String sku, String name, String description, long priceCents, int stock) {
    public static final long MAX_PRICE_CENTS = 10_000_000_000L;
    public static final int MAX_STOCK = 1_000_000_000;

    public static ProductDraft of(String sku, String name, String description, Long priceCents, Long stock) {
        if (sku == null || name == null || priceCents == null) {
            throw DomainException.missingField("sku, name and priceCents are required");
        }
        return new ProductDraft(
                ProductText.sku(sku),
                ProductText.name(name),
                ProductText.description(description == null ? "" : description),
                price(priceCents),
                stock == null ? 0 : initialStock(stock));
    }

    static long price(long priceCents) {
        if (priceCents < 1 || priceCents > MAX_PRICE_CENTS) {
            throw CatalogErrors.invalidPrice(MAX_PRICE_CENTS);
        }
        return priceCents;
    }

    private static int initialStock(long stock) {
        if (stock < 0 || stock > MAX_STOCK) {
            throw CatalogErrors.invalidStock(MAX_STOCK);
        }
        return (int) stock;
    }
}
