package dev.polystack.order;

/** How an attempt to place an order ended. */
public sealed interface Placement {
    record Created(Order order) implements Placement {
    }

    /** The same key and body were seen before: the first order, unchanged. */
    record Existing(Order order) implements Placement {
    }

    record KeyReused() implements Placement {
    }

    record UnknownProduct(String productId) implements Placement {
    }

    record OutOfStock(String productId, String sku, int available, int requested) implements Placement {
    }
}
