package dev.polystack.order;

import dev.polystack.shared.PageLimit;
import dev.polystack.shared.InvocationLog;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

public final class OrderService {
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final OrderRepository orders;
    private final OrderReadModel readModel;

    public OrderService(OrderRepository orders, OrderReadModel readModel) {
        this.orders = orders;
        this.readModel = readModel;
    }

    /** The placed order, and whether this call created it or found the one an earlier retry made. */
    public record Placed(Order order, boolean replayed) {
    }

    public Placed place(String userId, IdempotencyKey key, OrderRequest request) {
        return orders.place(UUID.randomUUID().toString(), userId, key, request).match(new Placement.Cases<>() {
            @Override
            public Placed created(Order order) {
                project(order.summary(userId));
                return new Placed(order, false);
            }

            @Override
            public Placed existing(Order order) {
                return new Placed(order, true);
            }

            @Override
            public Placed keyReused() {
                throw OrderErrors.keyReused();
            }

            @Override
            public Placed unknownProduct(String productId) {
                throw OrderErrors.unknownProduct(productId);
            }

            @Override
            public Placed productArchived(String productId) {
                throw OrderErrors.productUnavailable(productId);
            }

            @Override
            public Placed outOfStock(String productId, String sku, int available, int requested) {
                throw OrderErrors.outOfStock(productId, sku, available, requested);
            }
        });
    }

    /**
     * After the commit: the read model, then the outbox acknowledgement. Either may fail (the order
     * is safe in PostgreSQL); the outbox relay then projects it later.
     */
    private void project(OrderSummary summary) {
        try {
            readModel.project(summary);
            orders.markPublished(summary.orderId());
        } catch (RuntimeException e) {
            InvocationLog.warn("projection_deferred_to_relay", "orderId", summary.orderId(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    public Order get(String userId, String orderId) {
        if (orderId == null || !UUID_TEXT.matcher(orderId).matches()) {
            throw OrderErrors.orderNotFound();
        }
        return orders.find(userId, orderId.toLowerCase(java.util.Locale.ROOT))
                .orElseThrow(OrderErrors::orderNotFound);
    }

    /** Every order of the user from PostgreSQL, oldest first. */
    public List<Order> history(String userId) {
        return orders.history(userId);
    }

    public OrderReadModel.Page list(String userId, Optional<String> limitText, Optional<String> cursor) {
        return readModel.list(userId, PageLimit.parse(limitText), cursor.filter(c -> !c.isEmpty()));
    }
}
