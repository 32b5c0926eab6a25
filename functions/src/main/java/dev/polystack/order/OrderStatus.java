package dev.polystack.order;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where an order is in its life. The owner cancels a {@code CONFIRMED} order; administrators move it
 * {@code CONFIRMED → SHIPPED → DELIVERED}. Nothing leaves {@code CANCELLED} or {@code DELIVERED}, and
 * nothing goes back.
 */
public enum OrderStatus {
    CONFIRMED,
    CANCELLED,
    SHIPPED,
    DELIVERED;

    public static final List<String> NAMES =
            Arrays.stream(values()).map(Enum::name).toList();

    public static OrderStatus parse(String text) {
        if (text == null) {
            throw dev.polystack.shared.DomainException.missingField("status is required");
        }
        return Arrays.stream(values())
                .filter(s -> s.name().equals(text))
                .findFirst()
                .orElseThrow(() -> OrderErrors.invalidStatus(NAMES));
    }

    /** The one status an administrator moves an order from to reach this one; none for a status they cannot set. */
    public Optional<OrderStatus> adminPredecessor() {
        return switch (this) {
            case SHIPPED -> Optional.of(CONFIRMED);
            case DELIVERED -> Optional.of(SHIPPED);
            case CONFIRMED, CANCELLED -> Optional.empty();
        };
    }
}
