package dev.polystack.catalog;

/** A product as the catalogue sells it; price and stock come from PostgreSQL only. */
public record Product(String productId, String sku, String name, long priceCents, int stock) {
}
