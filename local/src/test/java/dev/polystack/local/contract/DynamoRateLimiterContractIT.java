package dev.polystack.local.contract;

import dev.polystack.local.LocalBackend;
import dev.polystack.shared.RateLimiter;
import dev.polystack.shared.RateLimiterContract;
import dev.polystack.shared.adapter.DynamoRateLimiter;

/** The rate limiter's contract against its DynamoDB adapter, on the single table in DynamoDB Local. */
class DynamoRateLimiterContractIT extends RateLimiterContract {
    private final RateLimiter limiter =
            new DynamoRateLimiter(LocalStores.clients().dynamo(), LocalBackend.TABLE);

    @Override
    protected RateLimiter limiter() {
        return limiter;
    }
}
