package dev.polystack.migration.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.app.AppContext;
import dev.polystack.http.Json;
import dev.polystack.migration.MigrationService;
import dev.polystack.shared.InvocationLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 */
public final class MigrationHandler implements RequestStreamHandler {
    static final String PHYSICAL_ID = "polystack-schema";
    public static final String CHECKSUM_PROPERTY = "migrationsChecksum";

    private final Supplier<MigrationService> migrations;
    private final String codeChecksum;

    public MigrationHandler() {
        this(() -> AppContext.fromEnvironment().migrations(), MigrationService.checksum(MigrationService.fromClasspath()));
    }

    public MigrationHandler(Supplier<MigrationService> migrations, String codeChecksum) {
        this.migrations = migrations;
        this.codeChecksum = codeChecksum;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        InvocationLine line = InvocationLine.start(context == null ? null : context.getAwsRequestId());
        JsonNode event = Json.EVENTS.readTree(input);
        String requestType = event.path("RequestType").asText("");
        String requested = event.path("ResourceProperties").path(CHECKSUM_PROPERTY).asText("");
        line.with("trigger", "cloudformation:" + requestType);
        Map<String, Object> data = new LinkedHashMap<>();
        try {
            if ("Delete".equals(requestType)) {
                // The schema outlives the stack's resource: nothing to undo.
            } else if (!codeChecksum.equals(requested)) {
                data.put("ignored", "requested migrations " + abbreviate(requested) + " are not this code's " + abbreviate(codeChecksum)
                        + " (a rollback, or a stale event): nothing migrated");
            } else {
                MigrationService.Outcome outcome = migrations.get().migrate();
                data.put("applied", outcome.applied().toString());
                data.put("skipped", outcome.skipped().toString());
            }
        } catch (RuntimeException e) {
            line.failed(e).write();
            throw e;
        }
        data.forEach(line::with);
        line.write();
        Json.EVENTS.writeValue(output, Map.of("PhysicalResourceId", PHYSICAL_ID, "Data", data));
    }

    private static String abbreviate(String checksum) {
        return checksum.isEmpty() ? "(none)" : checksum.substring(0, Math.min(12, checksum.length()));
    }
}
