package dev.polystack.local;

import dev.polystack.app.AppContext;
import dev.polystack.local.lambda.FunctionInvoker;
import dev.polystack.local.lambda.Invocation;
import dev.polystack.migration.MigrationService;
import dev.polystack.migration.SqlScript;
import dev.polystack.migration.handler.MigrationHandler;
import dev.polystack.shared.adapter.DataApi;
import dev.polystack.shared.adapter.SingleTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * What a deploy leaves behind before the first request, done on the local stores: the table (with
 * its TTL attribute) and the bucket as the stack creates them, the schema through the migration
 * function as CloudFormation's custom resource runs it, then the seeded catalogue. Each step is
 * idempotent, for a data directory kept from an earlier start.
 */
final class Provisioning {
    static final String MIGRATION_FUNCTION = "Migrate";

    private Provisioning() {}

    static void createTable(AppContext app, String table) {
        var dynamo = app.clients().dynamo();
        try {
            dynamo.createTable(SingleTable.createRequest(table));
        } catch (ResourceInUseException exists) {
            return;
        }
        dynamo.updateTimeToLive(b -> b.tableName(table)
                .timeToLiveSpecification(TimeToLiveSpecification.builder()
                        .enabled(true)
                        .attributeName(SingleTable.TTL_ATTRIBUTE)
                        .build()));
    }

    /** S3Proxy serves the CORS rules it was started with (any origin; GET, HEAD, PUT, POST) for every bucket. */
    static void createBucket(AppContext app, String bucket) {
        try {
            app.clients().s3().createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException exists) {
            // kept from an earlier start with --data-dir
        }
    }

    /** What CloudFormation does on a deploy: the migration custom resource's Create, through the migration function. */
    static void migrate(FunctionInvoker functions) {
        String event =
                "{\"RequestType\":\"Create\",\"ServiceToken\":\"local\",\"ResourceType\":\"Custom::SchemaMigration\","
                        + "\"LogicalResourceId\":\"SchemaMigration\",\"StackId\":\"local\",\"RequestId\":\""
                        + UUID.randomUUID()
                        + "\",\"ResourceProperties\":{\"ServiceToken\":\"local\",\""
                        + MigrationHandler.CHECKSUM_PROPERTY + "\":\""
                        + MigrationService.checksum(MigrationService.fromClasspath()) + "\"}}";
        Invocation outcome = functions.invoke(
                MIGRATION_FUNCTION,
                event.getBytes(StandardCharsets.UTF_8),
                UUID.randomUUID().toString());
        if (outcome.failed() || !outcome.payloadText().contains("\"applied\"")) {
            throw new StartupException("the schema migration failed: " + outcome.payloadText());
        }
    }

    /** The sample catalogue ({@code seed/products.sql}) through the Data API, as any client would write it. */
    static void seed(AppContext app, String clusterArn, String secretArn, String database) {
        String sql;
        try (InputStream in = Provisioning.class.getResourceAsStream("/seed/products.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var db = new DataApi(app.clients().rdsData(), clusterArn, secretArn, database);
        for (String statement : SqlScript.statements(sql)) {
            db.execute(statement);
        }
    }
}
