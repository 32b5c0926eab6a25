package dev.polystack.upload;

import java.util.Optional;

/**
 * The catalogue, as product images need it (the composition root wires it to the catalogue's use
 * cases, so this context knows nothing of how products are stored).
 */
public interface ProductImages {
    /** Whether the product exists, archived or not. */
    boolean exists(String productId);

    /**
     * Makes the object under {@code key} the product's image, unless a newer one already is. The
     * product's image key afterwards; empty if there is no such product.
     */
    Optional<String> attach(String productId, String key);

    /** No products: for deployments and tests without a catalogue. */
    ProductImages NONE = new ProductImages() {
        @Override
        public boolean exists(String productId) {
            return false;
        }

        @Override
        public Optional<String> attach(String productId, String key) {
            return Optional.empty();
        }
    };
}
