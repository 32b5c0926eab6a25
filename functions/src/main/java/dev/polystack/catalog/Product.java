package dev.polystack.catalog;

/**
 * A product as PostgreSQL holds it: price and stock come from there only. {@code version} increases
 * with every edit of name, description or price (optimistic locking); an archived product is hidden
 * from shoppers and cannot be ordered. {@code imageKey} is the image's object key, never a URL.
 */
public record Product(
        String productId,
        String sku,
        String name,
        String description,
        long priceCents,
        int stock,
        long version,
        boolean archived,
        String imageKey) {}
