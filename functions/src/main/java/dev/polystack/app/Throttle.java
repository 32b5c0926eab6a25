package dev.polystack.app;

/**
 * An HTTP API route's throttle: API Gateway's token bucket for that route alone, refilled at
 * {@code ratePerSecond} and holding {@code burst} requests; a request that finds it empty is answered
 * 429 before any function runs
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html).
 */
public record Throttle(double ratePerSecond, int burst) {
    public Throttle {
        if (!(ratePerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a throttle needs a positive rate and burst");
        }
    }
}
