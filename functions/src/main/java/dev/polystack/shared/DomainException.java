package dev.polystack.shared;

/**
 * A failure the caller caused or can retry: carries a machine-readable code (for example
 * {@code OUT_OF_STOCK}) and a message safe to show. Anything else that escapes a handler is a bug.
 */
public class DomainException extends RuntimeException {
    private final ErrorKind kind;
    private final String code;

    public DomainException(ErrorKind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public ErrorKind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    /** A required field is absent: the one code for it in every context. */
    public static DomainException missingField(String message) {
        return invalid("MISSING_FIELD", message);
    }

    public static DomainException invalid(String code, String message) {
        return new DomainException(ErrorKind.INVALID_INPUT, code, message);
    }

    public static DomainException notFound(String code, String message) {
        return new DomainException(ErrorKind.NOT_FOUND, code, message);
    }

    public static DomainException conflict(String code, String message) {
        return new DomainException(ErrorKind.CONFLICT, code, message);
    }

    public static DomainException unavailable(String code, String message) {
        return new DomainException(ErrorKind.UNAVAILABLE, code, message);
    }
}
