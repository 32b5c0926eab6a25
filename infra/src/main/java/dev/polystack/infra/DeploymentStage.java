package dev.polystack.infra;

import java.util.Locale;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;

/** The stages a deployment can be: they change removal policies, protection and retention only. */
public enum DeploymentStage {
    DEV(RemovalPolicy.DESTROY, false, 7, RetentionDays.TWO_WEEKS),
    PROD(RemovalPolicy.RETAIN, true, 30, RetentionDays.THREE_MONTHS);

    final RemovalPolicy removalPolicy;
    final boolean protectData;
    final int backupDays;
    final RetentionDays logRetention;

    DeploymentStage(RemovalPolicy removalPolicy, boolean protectData, int backupDays, RetentionDays logRetention) {
        this.removalPolicy = removalPolicy;
        this.protectData = protectData;
        this.backupDays = backupDays;
        this.logRetention = logRetention;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
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
