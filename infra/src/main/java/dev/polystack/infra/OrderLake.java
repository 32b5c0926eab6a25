package dev.polystack.infra;

import dev.polystack.app.Functions;
import dev.polystack.lake.LakeTable;
import dev.polystack.lake.NamedQuery;
import io.github.cdklabs.cdknag.NagPackSuppression;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.athena.CfnNamedQuery;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.amazon.awscdk.services.glue.CfnTable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesisfirehose.CfnDeliveryStream;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.LogStream;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * The order lake (docs/analytics.md): the outbox relay puts order facts into a Firehose stream, which
 * partitions them by event day ({@code lake/orders/dt=YYYY-MM-DD/}), converts them to Parquet through
 * the Glue table's schema and writes them to the lake bucket; Athena reads the table through partition
 * projection (no crawler, no {@code MSCK REPAIR}) in a workgroup of its own with a bytes-scanned cutoff.
 * Everything is described by {@link LakeTable} and {@link NamedQuery}, which the local stack uses too.
 *
 * <p>Buffering: 128 MiB or 900 s, the service's maxima
 * (https://docs.aws.amazon.com/firehose/latest/dev/buffering.html); Parquet conversion needs at least
 * 64 MiB (https://docs.aws.amazon.com/firehose/latest/dev/record-format-conversion.html). Order
 * traffic never fills 128 MiB in 15 minutes, so each day partition gets at most 96 objects (one per
 * interval with traffic; up to 1.5 times the interval late under multi-stage buffering).
 */
final class OrderLake extends Construct {
    static final int BUFFER_MIB = 128;
    static final int BUFFER_SECONDS = 900;
    /** Athena cancels a query of this workgroup once it has scanned this much: 10 GiB, $0.05 at $5 per TB. */
    static final long BYTES_SCANNED_CUTOFF = 10L * 1024 * 1024 * 1024;

    static final String RESULTS_PREFIX = "results/";
    static final String ERRORS_PREFIX = "lake/errors/";
    /** What the outbox relay may do for the lake, beyond its FunctionSpec: put records, read its per-user secrets. */
    static final List<String> RELAY_ACTIONS = List.of("firehose:PutRecordBatch", "dynamodb:GetItem");

    /** The IAM actions this construct grants a function besides its FunctionSpec's (the relay's, above). */
    static List<String> actionsGrantedTo(String functionId) {
        return Functions.OUTBOX_RELAY.equals(functionId) ? RELAY_ACTIONS : List.of();
    }

    final Bucket lake;
    final Bucket results;
    final CfnDatabase database;
    final CfnTable table;
    final CfnDeliveryStream stream;
    final CfnWorkGroup workGroup;

    /** Builds the lake and lets {@code relay} deliver to it (LAKE_STREAM, PutRecordBatch, and its per-user secrets in {@code items}). */
    OrderLake(Construct scope, String id, DeploymentStage stage, Function relay, ITable items, IBucket accessLogs) {
        super(scope, id);
        Stack stack = Stack.of(this);
        String databaseName = "polystack_" + stage.id() + "_lake";
        lake = bucket(
                "Bucket",
                stage,
                accessLogs,
                "lake/",
                List.of(
                        // Parquet stays queryable in every Intelligent-Tiering access tier Athena reads (no archive
                        // tiers configured).
                        LifecycleRule.builder()
                                .id("tier-order-events")
                                .prefix(LakeTable.LOCATION_PREFIX)
                                .transitions(List.of(Transition.builder()
                                        .storageClass(StorageClass.INTELLIGENT_TIERING)
                                        .transitionAfter(Duration.days(0))
                                        .build()))
                                .build(),
                        LifecycleRule.builder()
                                .id("expire-delivery-errors")
                                .prefix(ERRORS_PREFIX)
                                .expiration(Duration.days(30))
                                .build(),
                        LifecycleRule.builder()
                                .id("abort-incomplete-multipart-uploads")
                                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                                .build()));
        results = bucket(
                "QueryResults",
                stage,
                accessLogs,
                "athena-results/",
                List.of(
                        LifecycleRule.builder()
                                .id("expire-query-results")
                                .expiration(Duration.days(7))
                                .build(),
                        LifecycleRule.builder()
                                .id("abort-incomplete-multipart-uploads")
                                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                                .build()));

        database = CfnDatabase.Builder.create(this, "Database")
                .catalogId(stack.getAccount())
                .databaseInput(CfnDatabase.DatabaseInputProperty.builder()
                        .name(databaseName)
                        .description("polystack " + stage.id() + ": the order lake")
                        .build())
                .build();
        table = createTable(stack, databaseName);

        LogGroup logs = LogGroup.Builder.create(this, "DeliveryLogs")
                .retention(stage.logRetention)
                .removalPolicy(stage.removalPolicy)
                .build();
        LogStream deliveryErrors = logs.addStream("S3Delivery");
        Role role = Role.Builder.create(this, "DeliveryRole")
                .assumedBy(new ServicePrincipal("firehose.amazonaws.com"))
                .description("Firehose writes the order lake and reads the table schema for Parquet conversion")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of(
                        "s3:AbortMultipartUpload",
                        "s3:GetBucketLocation",
                        "s3:GetObject",
                        "s3:ListBucket",
                        "s3:ListBucketMultipartUploads",
                        "s3:PutObject"))
                .resources(List.of(lake.getBucketArn(), lake.arnForObjects("lake/*")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"))
                .resources(List.of(
                        stack.formatArn(arn("glue", "catalog", null)),
                        stack.formatArn(arn("glue", "database", databaseName)),
                        stack.formatArn(arn("glue", "table", databaseName + "/" + LakeTable.TABLE))))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn() + ":log-stream:" + deliveryErrors.getLogStreamName()))
                .build());
        stream = createStream(stack, databaseName, role, logs, deliveryErrors);
        stream.getNode().addDependency(role);

        workGroup = CfnWorkGroup.Builder.create(this, "WorkGroup")
                .name("polystack-" + stage.id() + "-analytics")
                .description("Order analytics over the lake: own result location, enforced settings, "
                        + BYTES_SCANNED_CUTOFF + " bytes per query at most")
                .state("ENABLED")
                .recursiveDeleteOption(stage.removalPolicy == RemovalPolicy.DESTROY)
                .workGroupConfiguration(CfnWorkGroup.WorkGroupConfigurationProperty.builder()
                        .enforceWorkGroupConfiguration(true)
                        .bytesScannedCutoffPerQuery(BYTES_SCANNED_CUTOFF)
                        .publishCloudWatchMetricsEnabled(true)
                        .engineVersion(CfnWorkGroup.EngineVersionProperty.builder()
                                .selectedEngineVersion("Athena engine version 3")
                                .build())
                        .resultConfiguration(CfnWorkGroup.ResultConfigurationProperty.builder()
                                .outputLocation("s3://" + results.getBucketName() + "/" + RESULTS_PREFIX)
                                .encryptionConfiguration(CfnWorkGroup.EncryptionConfigurationProperty.builder()
                                        .encryptionOption("SSE_S3")
                                        .build())
                                .build())
                        .build())
                .build();
        for (NamedQuery query : NamedQuery.values()) {
            CfnNamedQuery named = CfnNamedQuery.Builder.create(this, "Query" + pascal(query.id()))
                    .name(query.id())
                    .description(query.description() + " (one parameter, used twice: the first day, YYYY-MM-DD)")
                    .database(databaseName)
                    .workGroup(workGroup.getRef())
                    .queryString(query.sql())
                    .build();
            named.addDependency(workGroup);
        }

        relay.addEnvironment("LAKE_STREAM", stream.getRef());
        relay.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("firehose:PutRecordBatch"))
                .resources(List.of(stream.getAttrArn()))
                .build());
        // The per-user lake secret (DynamoCustomerSecrets): read, or made once next to the profile.
        items.grant(relay, "dynamodb:GetItem");
        suppressFindings(role);
    }

    private Bucket bucket(
            String id, DeploymentStage stage, IBucket accessLogs, String logPrefix, List<LifecycleRule> rules) {
        return Bucket.Builder.create(this, id)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix(logPrefix)
                .lifecycleRules(rules)
                .removalPolicy(stage.removalPolicy)
                .autoDeleteObjects(stage.removalPolicy == RemovalPolicy.DESTROY)
                .build();
    }

    private static software.amazon.awscdk.ArnComponents arn(String service, String resource, String name) {
        var builder =
                software.amazon.awscdk.ArnComponents.builder().service(service).resource(resource);
        if (name != null) {
            builder.resourceName(name);
        }
        return builder.build();
    }

    /** The table Athena reads and Firehose converts with: Parquet under the location, dt projected from the date range. */
    private CfnTable createTable(Stack stack, String databaseName) {
        String location = "s3://" + lake.getBucketName() + "/" + LakeTable.LOCATION_PREFIX;
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("classification", "parquet");
        parameters.put("EXTERNAL", "TRUE");
        parameters.put("parquet.compression", "SNAPPY");
        // Partition projection
        // (https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html):
        // Athena computes the dt partitions from this range; nothing registers them.
        parameters.put("projection.enabled", "true");
        parameters.put("projection." + LakeTable.PARTITION_KEY + ".type", "date");
        parameters.put("projection." + LakeTable.PARTITION_KEY + ".format", "yyyy-MM-dd");
        parameters.put("projection." + LakeTable.PARTITION_KEY + ".range", LakeTable.FIRST_DAY + ",NOW");
        parameters.put("projection." + LakeTable.PARTITION_KEY + ".interval", "1");
        parameters.put("projection." + LakeTable.PARTITION_KEY + ".interval.unit", "DAYS");
        parameters.put(
                "storage.location.template",
                location + LakeTable.PARTITION_KEY + "=${" + LakeTable.PARTITION_KEY + "}/");
        CfnTable created = CfnTable.Builder.create(this, "Table")
                .catalogId(stack.getAccount())
                .databaseName(databaseName)
                .tableInput(CfnTable.TableInputProperty.builder()
                        .name(LakeTable.TABLE)
                        .description(
                                "One row per order line per order version; newest version wins (docs/analytics.md)")
                        .tableType("EXTERNAL_TABLE")
                        .parameters(parameters)
                        .partitionKeys(List.of(CfnTable.ColumnProperty.builder()
                                .name(LakeTable.PARTITION_KEY)
                                .type("string")
                                .comment("the event's UTC day, YYYY-MM-DD")
                                .build()))
                        .storageDescriptor(CfnTable.StorageDescriptorProperty.builder()
                                .location(location)
                                .inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
                                .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
                                .serdeInfo(CfnTable.SerdeInfoProperty.builder()
                                        .serializationLibrary(
                                                "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")
                                        .build())
                                .columns(LakeTable.COLUMNS.stream()
                                        .map(c -> (Object) CfnTable.ColumnProperty.builder()
                                                .name(c.name())
                                                .type(c.type())
                                                .comment(c.comment())
                                                .build())
                                        .toList())
                                .build())
                        .build())
                .build();
        created.addDependency(database);
        return created;
    }

    private CfnDeliveryStream createStream(
            Stack stack, String databaseName, Role role, LogGroup logs, LogStream deliveryErrors) {
        return CfnDeliveryStream.Builder.create(this, "Stream")
                .deliveryStreamType("DirectPut")
                .deliveryStreamEncryptionConfigurationInput(
                        CfnDeliveryStream.DeliveryStreamEncryptionConfigurationInputProperty.builder()
                                .keyType("AWS_OWNED_CMK")
                                .build())
                .extendedS3DestinationConfiguration(
                        CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty.builder()
                                .bucketArn(lake.getBucketArn())
                                .roleArn(role.getRoleArn())
                                .prefix(LakeTable.S3_PREFIX)
                                .errorOutputPrefix(LakeTable.ERROR_PREFIX)
                                .bufferingHints(CfnDeliveryStream.BufferingHintsProperty.builder()
                                        .sizeInMBs(BUFFER_MIB)
                                        .intervalInSeconds(BUFFER_SECONDS)
                                        .build())
                                // Parquet compresses itself (Snappy, below); the stream must not compress again.
                                .compressionFormat("UNCOMPRESSED")
                                .dynamicPartitioningConfiguration(
                                        CfnDeliveryStream.DynamicPartitioningConfigurationProperty.builder()
                                                .enabled(true)
                                                .retryOptions(CfnDeliveryStream.RetryOptionsProperty.builder()
                                                        .durationInSeconds(300)
                                                        .build())
                                                .build())
                                .processingConfiguration(CfnDeliveryStream.ProcessingConfigurationProperty.builder()
                                        .enabled(true)
                                        .processors(List.of(CfnDeliveryStream.ProcessorProperty.builder()
                                                .type("MetadataExtraction")
                                                .parameters(List.of(
                                                        CfnDeliveryStream.ProcessorParameterProperty.builder()
                                                                .parameterName("MetadataExtractionQuery")
                                                                .parameterValue(LakeTable.PARTITION_QUERY)
                                                                .build(),
                                                        CfnDeliveryStream.ProcessorParameterProperty.builder()
                                                                .parameterName("JsonParsingEngine")
                                                                .parameterValue("JQ-1.6")
                                                                .build()))
                                                .build()))
                                        .build())
                                .dataFormatConversionConfiguration(
                                        CfnDeliveryStream.DataFormatConversionConfigurationProperty.builder()
                                                .enabled(true)
                                                .inputFormatConfiguration(
                                                        CfnDeliveryStream.InputFormatConfigurationProperty.builder()
                                                                .deserializer(
                                                                        CfnDeliveryStream.DeserializerProperty.builder()
                                                                                .openXJsonSerDe(
                                                                                        CfnDeliveryStream
                                                                                                .OpenXJsonSerDeProperty
                                                                                                .builder()
                                                                                                .build())
                                                                                .build())
                                                                .build())
                                                .outputFormatConfiguration(
                                                        CfnDeliveryStream.OutputFormatConfigurationProperty.builder()
                                                                .serializer(
                                                                        CfnDeliveryStream.SerializerProperty.builder()
                                                                                .parquetSerDe(
                                                                                        CfnDeliveryStream
                                                                                                .ParquetSerDeProperty
                                                                                                .builder()
                                                                                                .compression("SNAPPY")
                                                                                                .build())
                                                                                .build())
                                                                .build())
                                                .schemaConfiguration(
                                                        CfnDeliveryStream.SchemaConfigurationProperty.builder()
                                                                .catalogId(stack.getAccount())
                                                                .databaseName(databaseName)
                                                                .tableName(LakeTable.TABLE)
                                                                .region(stack.getRegion())
                                                                .roleArn(role.getRoleArn())
                                                                .versionId("LATEST")
                                                                .build())
                                                .build())
                                .cloudWatchLoggingOptions(CfnDeliveryStream.CloudWatchLoggingOptionsProperty.builder()
                                        .enabled(true)
                                        .logGroupName(logs.getLogGroupName())
                                        .logStreamName(deliveryErrors.getLogStreamName())
                                        .build())
                                .build())
                .build();
    }

    private void suppressFindings(Role role) {
        io.github.cdklabs.cdknag.NagSuppressions.addResourceSuppressions(
                role,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-IAM5")
                        .reason(
                                "Firehose writes objects whose keys it makes itself (partition, time, random part) under lake/ of the lake bucket only; "
                                        + "they cannot be listed in advance.")
                        .appliesTo(List.of(io.github.cdklabs.cdknag.RegexAppliesTo.builder()
                                .regex("/^Resource::<OrderLakeBucket[0-9A-F]+\\.Arn>\\/lake\\/\\*$/g")
                                .build()))
                        .build()),
                true);
    }

    private static String pascal(String id) {
        StringBuilder name = new StringBuilder();
        for (String part : id.split("_")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.toString();
    }
}
