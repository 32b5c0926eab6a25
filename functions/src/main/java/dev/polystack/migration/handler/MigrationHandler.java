package dev.polystack.migration.handler;

import dev.polystack.app.AppContext;
import dev.polystack.migration.MigrationService;
import dev.polystack.shared.Priming;
import dev.polystack.shared.lambda.CustomResourceFunction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The CloudFormation custom resource (CDK provider framework, onEvent) that applies the schema
 * migrations on every deploy. Create and Update migrate; Delete leaves the database alone.
 *
 * <p>It migrates only when the deploy asks for exactly the migrations this code ships (the
 * resource's {@code migrationsChecksum} equals the code's own). On a rollback CloudFormation sends
 * an Update with the old properties while the new code still answers; migrating then would apply the
 * new schema again and fail the rollback. Any other request succeeds without touching the database.
 * Neither the schema nor the SQL functions (the repeatable scripts) roll back with the stack: a change to
 * a function keeps its signature and outcomes answerable by the previous code.
 */
public final class MigrationHandler extends CustomResourceFunction {
    static final String PHYSICAL_ID = "polystack-schema";
    public static final String CHECKSUM_PROPERTY = "migrationsChecksum";

    private final Supplier<MigrationService> migrations;
    private final String codeChecksum;

    public MigrationHandler() {
        this(
                () -> AppContext.fromEnvironment().migrations(),
                MigrationService.checksum(MigrationService.fromClasspath()));
        if (Priming.enabled()) {
            // Built before the snapshot so that its Data API client registers its primers; otherwise on first use.
            AppContext.fromEnvironment().migrations();
        }
    }

    public MigrationHandler(Supplier<MigrationService> migrations, String codeChecksum) {
        super(PHYSICAL_ID);
        this.migrations = migrations;
        this.codeChecksum = codeChecksum;
    }

    @Override
    protected Map<String, String> onEvent(String requestType, Map<String, Object> properties) {
        String requested = properties.get(CHECKSUM_PROPERTY) instanceof String checksum ? checksum : "";
        Map<String, String> data = new LinkedHashMap<>();
        if ("Delete".equals(requestType)) {
            // The schema outlives the stack's resource: nothing to undo.
        } else if (!codeChecksum.equals(requested)) {
            data.put(
                    "ignored",
                    "requested migrations " + abbreviate(requested) + " are not this code's " + abbreviate(codeChecksum)
                            + " (a rollback, or a stale event): nothing migrated");
        } else {
            MigrationService.Outcome outcome = migrations.get().migrate();
            data.put("applied", outcome.applied().toString());
            data.put("skipped", outcome.skipped().toString());
            data.put("repeatablesApplied", outcome.repeatablesApplied().toString());
        }
        return data;
    }

    private static String abbreviate(String checksum) {
        return checksum.isEmpty() ? "(none)" : checksum.substring(0, Math.min(12, checksum.length()));
    }
}
