package dev.polystack.order;

import dev.polystack.shared.DomainException;

/** The client's {@code Idempotency-Key}: 1 to 64 printable ASCII characters. */
public record IdempotencyKey(String value) {
    public static final int MAX_LENGTH = 64;

    public IdempotencyKey {
        if (value == null || value.isEmpty()) {
            throw DomainException.invalid("MISSING_IDEMPOTENCY_KEY", "the Idempotency-Key header is required");
        }
        if (value.length() > MAX_LENGTH || !value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw DomainException.invalid("INVALID_IDEMPOTENCY_KEY", "Idempotency-Key must be 1 to 64 printable ASCII characters");
        }
    }
}
