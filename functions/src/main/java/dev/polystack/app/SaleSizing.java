package dev.polystack.app;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * How much of the account's Lambda concurrency a stage reserves: the sale's sizing (each function's
 * {@link FunctionSpec#reservedConcurrency()}) or none. The CDK stage ({@code DeploymentStage}), the SAM template's
 * generated {@code ReservedConcurrentExecutions} (under {@link #SAM_CONDITION}) and the local runtime all ask here.
 *
 * <p>Why dev reserves nothing: a function can reserve only what leaves 100 of the account's concurrency unreserved
 * ("You can reserve up to the Unreserved account concurrency value that is shown, minus 100 for functions that don't
 * have reserved concurrency", https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html), and "New
 * AWS accounts have reduced concurrency and memory quotas" (https://docs.aws.amazon.com/lambda/latest/dg/limits.html),
 * often 10. In such an account no reservation at all fits, not even 1, so a dev stage that reserved any size would
 * fail to deploy; without reservations it deploys anywhere and its functions share whatever the account has. Dev
 * loses the sale's caps (PlaceOrder is not held to the 32 stock shards), which a dev stage does not need.
 *
 * <p>Throttles are not part of the sizing: a route's throttle reserves nothing and deploys in any account.
 */
public enum SaleSizing {
    /** Nothing reserved: every function draws on the account's unreserved pool (dev). */
    NONE,
    /** Each function's reserved concurrency as defined in {@link Functions} (prod). */
    SALE;

    /** The only stage sized for a sale. */
    public static final String SALE_STAGE = "prod";
    /** template.yaml's condition that holds in {@link #SALE_STAGE} ({@code Stage} parameter equals it). */
    public static final String SAM_CONDITION = "IsProd";
    /** Lambda keeps at least this much of the account's concurrency unreserved (configuration-concurrency.html). */
    public static final int UNRESERVED_MINIMUM = 100;

    /** The sizing of the stage of this name: {@link #SALE} for {@value #SALE_STAGE}, {@link #NONE} for any other. */
    public static SaleSizing forStage(String stage) {
        return SALE_STAGE.equals(stage.trim().toLowerCase(Locale.ROOT)) ? SALE : NONE;
    }

    /** The function's reserved concurrency in a stage of this sizing. */
    public OptionalInt reservedConcurrency(FunctionSpec spec) {
        return this == SALE ? spec.reservedConcurrency() : OptionalInt.empty();
    }

    /** All functions' reservations together. */
    public int reservedTotal() {
        return Functions.ALL.stream()
                .mapToInt(spec -> reservedConcurrency(spec).orElse(0))
                .sum();
    }

    /**
     * The smallest account concurrency quota a stage of this sizing deploys into: its reservations plus the 100 Lambda
     * keeps unreserved, or any quota at all when it reserves nothing.
     */
    public int accountConcurrencyNeeded() {
        int reserved = reservedTotal();
        return reserved == 0 ? 0 : reserved + UNRESERVED_MINIMUM;
    }
}
