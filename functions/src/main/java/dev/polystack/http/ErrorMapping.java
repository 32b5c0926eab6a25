package dev.polystack.http;

import dev.polystack.shared.DomainException;
import dev.polystack.shared.RateLimiter;

/** The one place where a kind of failure becomes an HTTP status. */
public final class ErrorMapping {
    /** Seconds a client should wait before retrying a 503. */
    static final String RETRY_AFTER_SECONDS = "2";

    private ErrorMapping() {
    }

    public static int status(DomainException e) {
        return switch (e.kind()) {
            case INVALID_INPUT -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNPROCESSABLE -> 422;
            case TOO_MANY_REQUESTS -> 429;
            case UNAVAILABLE -> 503;
        };
    }

    public static HttpResponse toResponse(DomainException e) {
        HttpResponse response = HttpResponse.error(status(e), e.code(), e.getMessage());
        if (e instanceof RateLimiter.TooManyAttempts tooMany) {
            return response.withHeader("retry-after", Long.toString(tooMany.retryAfterSeconds()));
        }
        return e.kind() == dev.polystack.shared.ErrorKind.UNAVAILABLE
                ? response.withHeader("retry-after", RETRY_AFTER_SECONDS)
                : response;
    }
}
