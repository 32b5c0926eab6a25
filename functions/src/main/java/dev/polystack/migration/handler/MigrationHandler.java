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
 */
public final class MigrationHandler implements RequestStreamHandler {
    static final String PHYSICAL_ID = "polystack-schema";
    private final Supplier<MigrationService> migrations;

    public MigrationHandler() {
        this(() -> AppContext.fromEnvironment().migrations());
    }

    public MigrationHandler(Supplier<MigrationService> migrations) {
        this.migrations = migrations;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        InvocationLine line = InvocationLine.start(context == null ? null : context.getAwsRequestId());
        JsonNode event = Json.EVENTS.readTree(input);
        String requestType = event.path("RequestType").asText("");
        line.with("trigger", "cloudformation:" + requestType);
        Map<String, Object> data = new LinkedHashMap<>();
        try {
            if (!"Delete".equals(requestType)) {
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
}
