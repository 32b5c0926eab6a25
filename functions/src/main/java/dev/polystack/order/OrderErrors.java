package dev.polystack.order;

import dev.polystack.shared.DomainException;
import dev.polystack.shared.ErrorKind;

/** The order context's failures, with their stable codes. */
public final class OrderErrors {
    private OrderErrors() {}

    public static DomainException outOfStock(String productId, String sku, int available, int requested) {
        return DomainException.conflict(
                "OUT_OF_STOCK",
                "product " + productId + " (" + sku + ") has " + available + " in stock, " + requested + " requested");
    }

    /** 503 with Retry-After: the order waited its bound for the stock and was undone; the same request may be retried. */
    public static DomainException stockBusy() {
        return new DomainException(
                ErrorKind.UNAVAILABLE,
                "STOCK_BUSY",
                "too many orders for this stock at once; nothing was ordered, retry shortly");
    }

    public static DomainException keyReused() {
        return new DomainException(
                ErrorKind.UNPROCESSABLE,
                "IDEMPOTENCY_KEY_REUSED",
                "this Idempotency-Key was used for a different order");
    }

    public static DomainException unknownProduct(String productId) {
        return new DomainException(ErrorKind.UNPROCESSABLE, "UNKNOWN_PRODUCT", "no product " + productId);
    }

    public static DomainException productUnavailable(String productId) {
        return new DomainException(
                ErrorKind.UNPROCESSABLE, "PRODUCT_UNAVAILABLE", "product " + productId + " is no longer sold");
    }

    public static DomainException orderNotFound() {
        return DomainException.notFound("ORDER_NOT_FOUND", "no such order");
    }

    public static DomainException missingIdempotencyKey() {
        return DomainException.invalid("MISSING_IDEMPOTENCY_KEY", "the Idempotency-Key header is required");
    }

    public static DomainException invalidIdempotencyKey(int maxLength) {
        return DomainException.invalid(
                "INVALID_IDEMPOTENCY_KEY", "Idempotency-Key must be 1 to " + maxLength + " printable ASCII characters");
    }

    public static DomainException invalidItems(int maxLines) {
        return DomainException.invalid("INVALID_ITEMS", "items must hold 1 to " + maxLines + " lines");
    }

    public static DomainException invalidProductId() {
        return DomainException.invalid("INVALID_PRODUCT_ID", "productId must be a UUID");
    }

    public static DomainException invalidQuantity(int max) {
        return DomainException.invalid("INVALID_QUANTITY", "quantity must be 1 to " + max);
    }

    public static DomainException notCancellable(OrderStatus current) {
        return DomainException.conflict(
                "ORDER_NOT_CANCELLABLE", "the order is " + current + "; only a CONFIRMED order can be cancelled");
    }

    public static DomainException illegalTransition(OrderStatus current, OrderStatus requested) {
        return DomainException.conflict(
                "ILLEGAL_STATUS_TRANSITION",
                "the order is " + current + " and cannot be moved to " + requested
                        + " (administrators move CONFIRMED to SHIPPED to DELIVERED)");
    }

    public static DomainException restockOutOfRange(String productId) {
        return DomainException.conflict(
                "STOCK_OUT_OF_RANGE", "returning the stock would take product " + productId + " above 1000000000");
    }

    public static DomainException invalidStatus(java.util.List<String> known) {
        return DomainException.invalid("INVALID_STATUS", "status must be one of " + known);
    }
}
