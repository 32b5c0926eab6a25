package dev.polystack.user;

import dev.polystack.catalog.Product;

/** Deliberately wrong, for {@code ArchitectureTest}: a user-context domain class that uses the catalog's domain. */
public final class ReachesIntoAnotherContextsDomain {
    public static String productName(Product product) {
        return product.name();
    }
}
