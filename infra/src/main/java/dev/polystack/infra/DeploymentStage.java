package dev.polystack.infra;

import dev.polystack.app.SaleSizing;
import java.util.Locale;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * The stages a deployment can be: they change removal policies, protection, retention, the recovery window, how often
 * the outbox relay runs, the API's throttling defaults and how much Lambda concurrency the functions reserve
 * ({@link #sizing()}).
 *
 * <p>The dev relay runs every 30 minutes so that Aurora, which pauses after 5 minutes without a
 * connection, is paused most of the time: orders are projected synchronously anyway, the relay only
 * heals a projection a dying function left undone. Prod keeps 0.5 ACU and relays every minute.
 */
public enum DeploymentStage {
    DEV(RemovalPolicy.DESTROY, false, 7, RetentionDays.TWO_WEEKS, 0, 30, 25, 50),
    PROD(RemovalPolicy.RETAIN, true, 35, RetentionDays.THREE_MONTHS, 0.5, 1, 250, 500);

    final RemovalPolicy removalPolicy;
    final boolean protectData;
    /**
     * How far back every store can be restored, in days: Aurora's backup retention, DynamoDB's PITR period,
     * the upload bucket's noncurrent versions and AWS Backup's continuous recovery points all keep this
     * long. 35 is continuous backup's maximum (docs/backups.md).
     */
    final int recoveryWindowDays;

    final RetentionDays logRetention;
    /** Aurora Serverless v2 minimum capacity; 0 lets the writer pause when idle. */
    final double minAcu;
    /** Default for {@code -c relayEveryMinutes=N}. */
    final int relayEveryMinutes;
    /**
     * Defaults for {@code -c throttleRate=N -c throttleBurst=N}: requests per second and burst of each route
     * that has no throttle of its own (the stage's default route settings apply to every route separately).
     */
    final double throttleRate;

    final int throttleBurst;

    DeploymentStage(
            RemovalPolicy removalPolicy,
            boolean protectData,
            int recoveryWindowDays,
            RetentionDays logRetention,
            double minAcu,
            int relayEveryMinutes,
            double throttleRate,
            int throttleBurst) {
        this.removalPolicy = removalPolicy;
        this.protectData = protectData;
        this.recoveryWindowDays = recoveryWindowDays;
        this.logRetention = logRetention;
        this.minAcu = minAcu;
        this.relayEveryMinutes = relayEveryMinutes;
        this.throttleRate = throttleRate;
        this.throttleBurst = throttleBurst;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** How much Lambda concurrency this stage reserves: the sale's sizing in prod, nothing in dev ({@link SaleSizing}). */
    public SaleSizing sizing() {
        return SaleSizing.forStage(id());
    }

    /** {@code cdk deploy -c stage=prod}; {@code dev} when not given. */
    public static DeploymentStage fromContext(Object value) {
        String text = value == null ? "dev" : value.toString().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "dev" -> DEV;
            case "prod" -> PROD;
            default -> throw new IllegalArgumentException("stage must be dev or prod, not '" + text + "'");
        };
    }
}
