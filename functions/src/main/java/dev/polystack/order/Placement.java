package dev.polystack.order;

/**
 * How an attempt to place an order ended. Callers take it apart with {@link #match}: a
 * {@link Cases} implementation must answer every outcome, so a new outcome does not compile until
 * every caller handles it (the project targets Java 17, where switch patterns are a preview).
 */
public sealed interface Placement {
    <R> R match(Cases<R> cases);

    /** One answer per outcome. */
    interface Cases<R> {
        R created(Order order);

        R existing(Order order);

        R keyReused();

        R unknownProduct(String productId);

        R productArchived(String productId);

        R outOfStock(String productId, String sku, int available, int requested);

        R stockBusy();
    }

    record Created(Order order) implements Placement {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.created(order);
        }
    }

    /** The same key and body were seen before: the first order, unchanged. */
    record Existing(Order order) implements Placement {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.existing(order);
        }
    }

    record KeyReused() implements Placement {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.keyReused();
        }
    }

    record UnknownProduct(String productId) implements Placement {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.unknownProduct(productId);
        }
    }

    /** The product is archived: no longer sold, though past orders keep it. */
    record ProductArchived(String productId) implements Placement {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.productArchived(productId);
        }
    }

    record OutOfStock(String productId, String sku, int available, int requested) implements Placement {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.outOfStock(productId, sku, available, requested);
        }
    }

    /** The stock could not be taken in time (too many orders for it at once): nothing written; try again shortly. */
    record StockBusy() implements Placement {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.stockBusy();
        }
    }
}
