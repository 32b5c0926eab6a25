package dev.polystack.catalog;

import java.util.List;

public final class CatalogService {
    /** The demo catalogue is small; a real one would page like the order list does. */
    static final int MAX_PRODUCTS = 500;

    private final ProductRepository products;

    public CatalogService(ProductRepository products) {
        this.products = products;
    }

    public List<Product> listProducts() {
        return products.listAll(MAX_PRODUCTS);
    }
}
