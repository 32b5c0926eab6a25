package dev.polystack.shared;

/** What went wrong, in terms a caller can act on. The HTTP layer maps each kind to one status. */
public enum ErrorKind {
    INVALID_INPUT,
    UNAUTHENTICATED,
    FORBIDDEN,
    NOT_FOUND,
    CONFLICT,
    UNPROCESSABLE,
    TOO_MANY_REQUESTS,
    UNAVAILABLE
}
