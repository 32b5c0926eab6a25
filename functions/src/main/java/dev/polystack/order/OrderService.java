package dev.polystack.order;

import dev.polystack.shared.DomainException;
import dev.polystack.shared.PageLimit;
import dev.polystack.shared.ErrorKind;
import dev.polystack.shared.InvocationLog;
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
        Placement placement = orders.place(UUID.randomUUID().toString(), userId, key, request);
        if (placement instanceof Placement.Created created) {
            project(created.order().summary(userId));
            return new Placed(created.order(), false);
        }
        if (placement instanceof Placement.Existing existing) {
            return new Placed(existing.order(), true);
        }
        if (placement instanceof Placement.KeyReused) {
            throw new DomainException(ErrorKind.UNPROCESSABLE, "IDEMPOTENCY_KEY_REUSED",
                    "this Idempotency-Key was used for a different order");
        }
        if (placement instanceof Placement.UnknownProduct unknown) {
            throw new DomainException(ErrorKind.UNPROCESSABLE, "UNKNOWN_PRODUCT", "no product " + unknown.productId());
        }
        Placement.OutOfStock out = (Placement.OutOfStock) placement;
        throw DomainException.conflict("OUT_OF_STOCK", "product " + out.productId() + " (" + out.sku() + ") has "
                + out.available() + " in stock, " + out.requested() + " requested");
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
            throw DomainException.notFound("ORDER_NOT_FOUND", "no such order");
        }
        return orders.find(userId, orderId.toLowerCase(java.util.Locale.ROOT))
                .orElseThrow(() -> DomainException.notFound("ORDER_NOT_FOUND", "no such order"));
    }

    public OrderReadModel.Page list(String userId, Optional<String> limitText, Optional<String> cursor) {
        return readModel.list(userId, PageLimit.parse(limitText), cursor.filter(c -> !c.isEmpty()));
    }
}
