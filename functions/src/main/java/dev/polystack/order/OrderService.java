package dev.polystack.order;

import dev.polystack.shared.Admin;
import dev.polystack.shared.DomainException;
import dev.polystack.shared.InvocationLog;
import dev.polystack.shared.PageLimit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

public final class OrderService {
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final OrderRepository orders;
    private final OrderReadModel readModel;

    public OrderService(OrderRepository orders, OrderReadModel readModel) {
        this.orders = orders;
        this.readModel = readModel;
    }

    /** The placed order, and whether this call created it or found the one an earlier retry made. */
    public record Placed(Order order, boolean replayed) {}

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

            @Override
            public Placed stockBusy() {
                throw OrderErrors.stockBusy();
            }
        });
    }

    /**
     * {@code POST /orders/{orderId}/cancel}: the owner's CONFIRMED order becomes CANCELLED and its stock
     * comes back, once; a repeat answers the same. Someone else's order is 404 like an unknown one.
     */
    public Order cancel(String userId, String orderId) {
        String id = orderIdOrNotFound(orderId);
        return settle(orders.cancel(userId, id), "cancel", "user:" + userId, OrderErrors::notCancellable);
    }

    /** An administrator moves an order CONFIRMED → SHIPPED → DELIVERED; a repeat of the same move answers the same. */
    public Order changeStatus(Admin admin, String orderId, OrderStatus to) {
        String id = orderIdOrNotFound(orderId);
        return settle(
                orders.changeStatus(id, to.adminPredecessor(), to),
                "status",
                admin.describe(),
                current -> OrderErrors.illegalTransition(current, to));
    }

    /** The answer to a transition: the order, or the refusal; a change is logged and projected. */
    private Order settle(
            Transition transition, String action, String actor, Function<OrderStatus, DomainException> refusal) {
        return transition.match(new Transition.Cases<>() {
            @Override
            public Order changed(Order order, String userId) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("action", action);
                change.put("orderId", order.orderId());
                change.put("status", order.status());
                change.put("version", order.version());
                change.put("actor", actor);
                InvocationLog.note("orderChange", change);
                project(order.summary(userId));
                return order;
            }

            @Override
            public Order unchanged(Order order) {
                return order;
            }

            @Override
            public Order notFound() {
                throw OrderErrors.orderNotFound();
            }

            @Override
            public Order conflict(OrderStatus current) {
                throw refusal.apply(current);
            }

            @Override
            public Order stockOutOfRange(String productId) {
                throw OrderErrors.restockOutOfRange(productId);
            }
        });
    }

    /**
     * After the commit: the read model, then the outbox acknowledgement. Either may fail (the change
     * is safe in PostgreSQL); the outbox relay then projects it later.
     */
    private void project(OrderSummary summary) {
        try {
            publish(orders, readModel, summary);
        } catch (RuntimeException e) {
            InvocationLog.warn(
                    "projection_deferred_to_relay",
                    "orderId",
                    summary.orderId(),
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Projects one version of an order and marks its outbox rows up to that version done, whatever the
     * conditional write decided: a newer summary already covers it, and an erased account must get nothing back.
     */
    static OrderReadModel.Projection publish(OrderRepository orders, OrderReadModel readModel, OrderSummary summary) {
        OrderReadModel.Projection projection = readModel.project(summary);
        if (projection == OrderReadModel.Projection.ACCOUNT_GONE) {
            InvocationLog.warn(
                    "projection_skipped_account_gone",
                    "orderId",
                    summary.orderId(),
                    "no profile for the order's owner; version " + summary.version() + " not projected");
        }
        orders.markPublished(summary.orderId(), summary.version());
        return projection;
    }

    private static String orderIdOrNotFound(String orderId) {
        if (orderId == null || !UUID_TEXT.matcher(orderId).matches()) {
            throw OrderErrors.orderNotFound();
        }
        return orderId.toLowerCase(java.util.Locale.ROOT);
    }

    public Order get(String userId, String orderId) {
        return orders.find(userId, orderIdOrNotFound(orderId)).orElseThrow(OrderErrors::orderNotFound);
    }

    /** Every order of the user from PostgreSQL, oldest first. */
    public List<Order> history(String userId) {
        return orders.history(userId);
    }

    public OrderReadModel.Page list(String userId, Optional<String> limitText, Optional<String> cursor) {
        return readModel.list(userId, PageLimit.parse(limitText), cursor.filter(c -> !c.isEmpty()));
    }
}
