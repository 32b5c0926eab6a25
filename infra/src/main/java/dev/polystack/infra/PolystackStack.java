package dev.polystack.infra;

import dev.polystack.app.Route;
import dev.polystack.app.RouteTable;
import dev.polystack.migration.MigrationService;
import dev.polystack.migration.handler.MigrationHandler;
import dev.polystack.shared.Metrics;
import dev.polystack.shared.adapter.SingleTable;
import dev.polystack.upload.Upload;
import dev.polystack.upload.adapter.S3UploadStorage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpLambdaAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpLambdaResponseType;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpNoneAuthorizer;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.Operation;
import software.amazon.awscdk.services.dynamodb.OperationsMetricOptions;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.BackupProps;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.EventType;
import software.amazon.awscdk.services.s3.HttpMethods;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.NotificationKeyFilter;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.notifications.LambdaDestination;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.customresources.Provider;
import software.constructs.Construct;

/**
 * The whole backend in one stack. The constructor is the table of contents; each part is a small
 * method below. Permissions are granted per function from {@link FunctionSpec}, one narrow
 * statement per resource.
 */
public final class PolystackStack extends Stack {
    static final String DATABASE_NAME = "polystack";
    static final String LIVE_ALIAS = "live";

    private final DeploymentStage stage;
    private final String functionsJar;
    private final Vpc vpc;
    private final Table table;
    private final Bucket uploads;
    private final DatabaseCluster database;
    private final Topic alarms;
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final Map<String, software.amazon.awscdk.services.lambda.Alias> live = new LinkedHashMap<>();
    private HttpApi api;

    public PolystackStack(Construct scope, String id, StackProps props, DeploymentStage stage, String functionsJar) {
        super(scope, id, props);
        this.stage = stage;
        this.functionsJar = functionsJar;

        this.vpc = createIsolatedVpc();
        this.table = createTable();
        this.uploads = createUploadBucket();
        this.database = createDatabase();
        this.alarms = createAlarmTopic();
        createFunctions();
        createHttpApi();
        notifyUploadsCompleted();
        migrateSchemaOnDeploy();
        scheduleOutboxRelay();
        createAlarmsAndDashboard();
        createOutputs();
        NagSuppressions.apply(this);
    }

    /** Aurora lives in isolated subnets (no route out); the functions stay outside the VPC, because the Data API is HTTPS. */
    private Vpc createIsolatedVpc() {
        Vpc created = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("isolated").subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(24).build()))
                .build();
        created.addFlowLog("FlowLog", FlowLogOptions.builder()
                .destination(FlowLogDestination.toCloudWatchLogs(LogGroup.Builder.create(this, "VpcFlowLogs")
                        .retention(stage.logRetention).removalPolicy(stage.removalPolicy).build()))
                .build());
        return created;
    }

    private Table createTable() {
        return Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder().name(SingleTable.PK).type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name(SingleTable.SK).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(SingleTable.TTL_ATTRIBUTE)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(stage.protectData)
                .removalPolicy(stage.removalPolicy)
                .build();
    }

    private Bucket createUploadBucket() {
        Bucket accessLogs = Bucket.Builder.create(this, "UploadAccessLogs")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire-access-logs").expiration(Duration.days(90)).build()))
                .removalPolicy(stage.removalPolicy)
                .build();
        return Bucket.Builder.create(this, "Uploads")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("uploads/")
                .cors(List.of(CorsRule.builder()
                        .allowedMethods(List.of(HttpMethods.POST, HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD))
                        .allowedOrigins(List.of(allowedOrigin()))
                        .allowedHeaders(List.of("*"))
                        .exposedHeaders(List.of("ETag"))
                        .maxAge(3000)
                        .build()))
                .lifecycleRules(List.of(
                        LifecycleRule.builder().id("abort-incomplete-multipart-uploads")
                                .abortIncompleteMultipartUploadAfter(Duration.days(1)).build(),
                        // The completion function deletes rejected and orphaned objects at once; one it could
                        // not delete, it tags, and this rule expires it.
                        LifecycleRule.builder().id("expire-rejected-uploads")
                                .tagFilters(Map.of(S3UploadStorage.STATUS_TAG, "rejected")).expiration(Duration.days(1)).build()))
                .removalPolicy(stage.removalPolicy)
                .build();
    }

    /** Browser uploads come from the web app's origin: {@code -c allowedOrigin=https://app.example.com} (default any). */
    private String allowedOrigin() {
        Object origin = getNode().tryGetContext("allowedOrigin");
        return origin == null ? "*" : origin.toString();
    }

    private DatabaseCluster createDatabase() {
        return DatabaseCluster.Builder.create(this, "Aurora")
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                        .version(AuroraPostgresEngineVersion.VER_16_6).build()))
                .writer(ClusterInstance.serverlessV2("writer"))
                .serverlessV2MinCapacity(stage.protectData ? 0.5 : 0)
                .serverlessV2MaxCapacity(4)
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                .credentials(Credentials.fromGeneratedSecret("polystack_admin"))
                .defaultDatabaseName(DATABASE_NAME)
                .enableDataApi(true)
                .storageEncrypted(true)
                .backup(BackupProps.builder().retention(Duration.days(stage.backupDays)).build())
                .cloudwatchLogsExports(List.of("postgresql"))
                .deletionProtection(stage.protectData)
                .removalPolicy(stage.protectData ? software.amazon.awscdk.RemovalPolicy.SNAPSHOT : stage.removalPolicy)
                .build();
    }

    private Topic createAlarmTopic() {
        return Topic.Builder.create(this, "Alarms")
                .enforceSsl(true)
                .masterKey(Alias.fromAliasName(this, "SnsManagedKey", "alias/aws/sns"))
                .build();
    }

    private void createFunctions() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("TABLE_NAME", table.getTableName());
        environment.put("BUCKET_NAME", uploads.getBucketName());
        environment.put("DB_CLUSTER_ARN", database.getClusterArn());
        environment.put("DB_SECRET_ARN", database.getSecret().getSecretArn());
        environment.put("DB_NAME", DATABASE_NAME);
        for (FunctionSpec spec : FunctionSpec.all().values()) {
            LogGroup logs = LogGroup.Builder.create(this, spec.id() + "Logs")
                    .retention(stage.logRetention)
                    .removalPolicy(stage.removalPolicy)
                    .build();
            Role role = Role.Builder.create(this, spec.id() + "Role")
                    .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                    .description("polystack " + spec.id() + ": only what this function uses")
                    .build();
            logs.grantWrite(role);
            grant(role, spec);
            Map<String, String> functionEnvironment = new LinkedHashMap<>(environment);
            if (spec.id().equals(FunctionSpec.MIGRATE)) {
                // A deploy may find Aurora paused (dev scales to 0): give it time to resume.
                functionEnvironment.put("DATA_API_RETRY_BUDGET", "PT4M");
            }
            Function function = Function.Builder.create(this, spec.id())
                    .runtime(Runtime.JAVA_21)
                    .architecture(Architecture.ARM_64)
                    .handler(spec.handler())
                    .code(Code.fromAsset(functionsJar))
                    .memorySize(spec.memoryMb())
                    .timeout(Duration.seconds(spec.id().equals(FunctionSpec.MIGRATE) ? 300 : 30))
                    .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                    .environment(functionEnvironment)
                    .role(role)
                    .logGroup(logs)
                    .build();
            Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "every function is published: the live alias points at its current version");
            functions.put(spec.id(), function);
            live.put(spec.id(), software.amazon.awscdk.services.lambda.Alias.Builder.create(this, spec.id() + "Live")
                    .aliasName(LIVE_ALIAS)
                    .version(function.getCurrentVersion())
                    .build());
        }
    }

    private void grant(Role role, FunctionSpec spec) {
        for (Access access : spec.access()) {
            List<String> resources = switch (access) {
                case TABLE_GET, TABLE_PUT, TABLE_TRANSACT_PUT, TABLE_UPDATE, TABLE_DELETE, TABLE_QUERY, TABLE_DESCRIBE -> List.of(table.getTableArn());
                case DATA_API_STATEMENT, DATA_API_TRANSACTION -> List.of(database.getClusterArn());
                case UPLOADS_PUT, UPLOADS_GET, UPLOADS_DELETE, UPLOADS_TAG -> List.of(uploads.arnForObjects(Upload.KEY_PREFIX + "*"));
                case BUCKET_LIST -> List.of(uploads.getBucketArn());
            };
            role.addToPolicy(PolicyStatement.Builder.create()
                    .effect(Effect.ALLOW)
                    .actions(List.of(access.actions))
                    .resources(resources)
                    .build());
            if (access.needsDatabaseSecret()) {
                database.getSecret().grantRead(role);
            }
        }
    }

    private void createHttpApi() {
        HttpLambdaAuthorizer authorizer = HttpLambdaAuthorizer.Builder.create("BearerToken", live.get(FunctionSpec.AUTHORIZER))
                .responseTypes(List.of(HttpLambdaResponseType.SIMPLE))
                .identitySource(List.of("$request.header.Authorization"))
                // No caching: a revoked session must stop working at once.
                .resultsCacheTtl(Duration.seconds(0))
                .build();
        Route fallback = RouteTable.ROUTES.stream().filter(Route::isDefault).findFirst().orElseThrow();
        api = HttpApi.Builder.create(this, "HttpApi")
                .description("polystack " + stage.id())
                // The $default route answers every unmatched request with 404/405 in the API's error shape.
                .defaultIntegration(new HttpLambdaIntegration("FallbackIntegration", live.get(fallback.function())))
                .corsPreflight(CorsPreflightOptions.builder()
                        .allowOrigins(List.of(allowedOrigin()))
                        .allowMethods(List.of(CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PATCH, CorsHttpMethod.DELETE))
                        .allowHeaders(List.of("authorization", "content-type", "idempotency-key"))
                        .maxAge(Duration.hours(1))
                        .build())
                .build();
        for (Route route : RouteTable.ROUTES) {
            if (route.isDefault()) {
                continue;
            }
            HttpLambdaIntegration integration = new HttpLambdaIntegration(route.function() + "Integration", live.get(route.function()));
            api.addRoutes(AddRoutesOptions.builder()
                    .path(route.path())
                    .methods(List.of(HttpMethod.valueOf(route.method())))
                    .integration(integration)
                    .authorizer(route.authorized() ? authorizer : new HttpNoneAuthorizer())
                    .build());
        }
        LogGroup accessLogs = LogGroup.Builder.create(this, "ApiAccessLogs")
                .retention(stage.logRetention).removalPolicy(stage.removalPolicy).build();
        CfnStage defaultStage = (CfnStage) api.getDefaultStage().getNode().getDefaultChild();
        defaultStage.setAccessLogSettings(CfnStage.AccessLogSettingsProperty.builder()
                .destinationArn(accessLogs.getLogGroupArn())
                .format("{\"requestId\":\"$context.requestId\",\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
                        + "\"latencyMs\":\"$context.responseLatency\",\"integrationError\":\"$context.integrationErrorMessage\","
                        + "\"authorizerError\":\"$context.authorizer.error\",\"ip\":\"$context.identity.sourceIp\"}")
                .build());
    }

    private void notifyUploadsCompleted() {
        uploads.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(live.get(FunctionSpec.UPLOAD_COMPLETED)),
                NotificationKeyFilter.builder().prefix(Upload.KEY_PREFIX).build());
    }

    /** Runs the migrations through the Data API on every deploy that changes them; each runs once. */
    private void migrateSchemaOnDeploy() {
        Provider provider = Provider.Builder.create(this, "MigrateProvider")
                .onEventHandler(live.get(FunctionSpec.MIGRATE))
                .build();
        CustomResource migration = CustomResource.Builder.create(this, "SchemaMigration")
                .serviceToken(provider.getServiceToken())
                .resourceType("Custom::SchemaMigration")
                .properties(Map.of(MigrationHandler.CHECKSUM_PROPERTY, migrationsChecksum()))
                .build();
        migration.getNode().addDependency(database);
    }

    static String migrationsChecksum() {
        return MigrationService.checksum(MigrationService.fromClasspath());
    }

    private void scheduleOutboxRelay() {
        Rule.Builder.create(this, "OutboxRelaySchedule")
                .description("Projects orders whose DynamoDB projection was missed")
                .schedule(Schedule.rate(Duration.minutes(1)))
                .targets(List.of(LambdaFunction.Builder.create(live.get(FunctionSpec.OUTBOX_RELAY)).retryAttempts(0).build()))
                .build();
    }

    private void createAlarmsAndDashboard() {
        SnsAction notify = new SnsAction(alarms);
        List<IMetric> errors = new ArrayList<>();
        List<IMetric> durations = new ArrayList<>();
        functions.forEach((id, function) -> {
            alarm(id + "Errors", function.metricErrors(), 1, notify);
            alarm(id + "Throttles", function.metricThrottles(), 1, notify);
            errors.add(function.metricErrors());
            durations.add(function.metricDuration());
        });
        IMetric serverErrorRate = MathExpression.Builder.create()
                .expression("100 * errors / MAX([errors, requests])")
                .usingMetrics(Map.of("errors", api.metricServerError(), "requests", api.metricCount()))
                .label("API 5xx %")
                .period(Duration.minutes(5))
                .build();
        alarm("Api5xxRate", serverErrorRate, 1, notify);
        IMetric dynamoThrottles = table.metricThrottledRequestsForOperations(OperationsMetricOptions.builder()
                .operations(List.of(Operation.GET_ITEM, Operation.PUT_ITEM, Operation.UPDATE_ITEM, Operation.DELETE_ITEM,
                        Operation.QUERY, Operation.TRANSACT_WRITE_ITEMS))
                .period(Duration.minutes(5))
                .build());
        alarm("DynamoThrottles", dynamoThrottles, 1, notify);
        Metric dataApiErrors = Metric.Builder.create().namespace(Metrics.NAMESPACE).metricName(Metrics.DATA_API_ERRORS)
                .statistic("Sum").period(Duration.minutes(5)).build();
        alarm("DataApiErrors", dataApiErrors, 5, notify);
        Metric backlogAge = Metric.Builder.create().namespace(Metrics.NAMESPACE).metricName(Metrics.OUTBOX_BACKLOG_AGE)
                .statistic("Maximum").period(Duration.minutes(5)).build();
        alarm("OutboxBacklogAge", backlogAge, 300, notify);

        Dashboard.Builder.create(this, "Dashboard")
                .dashboardName("polystack-" + stage.id())
                .widgets(List.of(
                        List.of(graph("API requests and 5xx", List.of(api.metricCount(), api.metricServerError(), api.metricClientError())),
                                graph("API 5xx %", List.of(serverErrorRate))),
                        List.of(graph("Function errors", errors), graph("Function duration", durations)),
                        List.of(graph("DynamoDB throttles", List.of(dynamoThrottles)), graph("Data API errors", List.of(dataApiErrors)),
                                graph("Outbox backlog age (s)", List.of(backlogAge)))))
                .build();
    }

    private void alarm(String id, IMetric metric, double threshold, SnsAction notify) {
        Alarm alarm = Alarm.Builder.create(this, id + "Alarm")
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(notify);
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(8).build();
    }

    private void createOutputs() {
        CfnOutput.Builder.create(this, "ApiUrl").value(api.getApiEndpoint()).description("The HTTP API's base URL").build();
        CfnOutput.Builder.create(this, "BucketName").value(uploads.getBucketName()).build();
        CfnOutput.Builder.create(this, "TableName").value(table.getTableName()).build();
        CfnOutput.Builder.create(this, "ClusterArn").value(database.getClusterArn()).build();
        CfnOutput.Builder.create(this, "SecretArn").value(database.getSecret().getSecretArn()).build();
        CfnOutput.Builder.create(this, "AlarmTopicArn").value(alarms.getTopicArn()).description("Subscribe to get alarms").build();
    }

    DeploymentStage stage() {
        return stage;
    }

    Map<String, Function> functions() {
        return functions;
    }

    IFunction live(String id) {
        return live.get(id);
    }
}
