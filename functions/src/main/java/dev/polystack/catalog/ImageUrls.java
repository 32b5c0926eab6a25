package dev.polystack.catalog;

/** Where a browser loads a product image from, given the object key the product row keeps. */
@FunctionalInterface
public interface ImageUrls {
    String urlFor(String key);
}
