package dev.polystack.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.shared.DomainException;
import dev.polystack.shared.ErrorKind;
import dev.polystack.shared.RateLimiter;

/** The one place where a kind of failure becomes an HTTP status. */
public final class ErrorMapping {
    /** Seconds a client should wait before retrying a 503. */
    static final String RETRY_AFTER_SECONDS = "2";

    private ErrorMapping() {}

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

    public static APIGatewayV2HTTPResponse toResponse(DomainException e) {
        APIGatewayV2HTTPResponse response = HttpResponses.error(status(e), e.code(), e.getMessage());
        if (e instanceof RateLimiter.TooManyAttempts tooMany) {
            return HttpResponses.withHeader("retry-after", Long.toString(tooMany.retryAfterSeconds()), response);
        }
        return e.kind() == ErrorKind.UNAVAILABLE
                ? HttpResponses.withHeader("retry-after", RETRY_AFTER_SECONDS, response)
                : response;
    }
}
