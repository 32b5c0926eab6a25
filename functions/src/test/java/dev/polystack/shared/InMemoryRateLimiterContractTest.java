package dev.polystack.shared;

/** The fake the services' tests count with keeps the rate limiter's contract. */
class InMemoryRateLimiterContractTest extends RateLimiterContract {
    private final InMemoryRateLimiter limiter = new InMemoryRateLimiter();

    @Override
    protected RateLimiter limiter() {
        return limiter;
    }
}
