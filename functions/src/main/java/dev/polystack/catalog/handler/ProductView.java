package dev.polystack.catalog.handler;

import dev.polystack.catalog.Product;

/**
 * A product as the API shows it. {@code archived} is only in administrators' answers (a shopper never
 * sees an archived product).
 */
record ProductView(String productId, String sku, String name, String description, long priceCents, int stock, long version, Boolean archived) {

    static ProductView forShoppers(Product product) {
        return new ProductView(product.productId(), product.sku(), product.name(), product.description(), product.priceCents(), product.stock(),
                product.version(), null);
    }

    static ProductView forAdmins(Product product) {
        return new ProductView(product.productId(), product.sku(), product.name(), product.description(), product.priceCents(), product.stock(),
                product.version(), product.archived());
    }
}
