package dev.polystack.order;

/** The client's {@code Idempotency-Key}: 1 to 64 printable ASCII characters. */
public record IdempotencyKey(String value) {
    public static final int MAX_LENGTH = 64;

    public IdempotencyKey {
        if (value == null || value.isEmpty()) {
            throw OrderErrors.missingIdempotencyKey();
        }
        if (value.length() > MAX_LENGTH || !value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw OrderErrors.invalidIdempotencyKey(MAX_LENGTH);
        }
    }
}
