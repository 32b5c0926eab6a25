package dev.polystack.catalog.handler;

import dev.polystack.catalog.CatalogService;
import dev.polystack.catalog.Product;

/**
 * A product as the API shows it: with the URL of its image (never the object key), if it has one.
 * {@code archived} is only in administrators' answers (a shopper never sees an archived product).
 */
record ProductView(
        String productId,
        String sku,
        String name,
        String description,
        long priceCents,
        int stock,
        long version,
        String imageUrl,
        Boolean archived) {

    static ProductView forShoppers(Product product, CatalogService catalog) {
        return of(product, catalog, null);
    }

    static ProductView forAdmins(Product product, CatalogService catalog) {
        return of(product, catalog, product.archived());
    }

    private static ProductView of(Product product, CatalogService catalog, Boolean archived) {
        return new ProductView(
                product.productId(),
                product.sku(),
                product.name(),
                product.description(),
                product.priceCents(),
                product.stock(),
                product.version(),
                catalog.imageUrl(product).orElse(null),
                archived);
    }
}
