package dev.polystack.order;

/**
 * How an attempt to change an order's status ended (a cancellation or an administrator's move). Callers
 * take it apart with {@link #match}, which must answer every outcome, as with {@link Placement}.
 */
public sealed interface Transition {
    <R> R match(Cases<R> cases);

    interface Cases<R> {
        /** Done now: the order at its new version, and its owner (whose summary to project). */
        R changed(Order order, String userId);

        /** The order was already in the requested status: a repeat, answered the same, nothing written. */
        R unchanged(Order order);

        R notFound();

        /** The order is in {@code current}, from which the requested change is not possible. Nothing written. */
        R conflict(OrderStatus current);

        /** Returning the stock would pass the product's ceiling. Nothing written. */
        R stockOutOfRange(String productId);
    }

    record Changed(Order order, String userId) implements Transition {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.changed(order, userId);
        }
    }

    record Unchanged(Order order) implements Transition {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.unchanged(order);
        }
    }

    record NotFound() implements Transition {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.notFound();
        }
    }

    record Conflict(OrderStatus current) implements Transition {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.conflict(current);
        }
    }

    record StockOutOfRange(String productId) implements Transition {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.stockOutOfRange(productId);
        }
    }
}
