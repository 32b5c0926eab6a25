package dev.polystack.infra;

import dev.polystack.app.Access;
import dev.polystack.app.CorsPolicy;
import dev.polystack.app.FunctionSpec;
import dev.polystack.app.Functions;
import dev.polystack.app.Route;
import dev.polystack.app.RouteTable;
import dev.polystack.app.Trigger;
import dev.polystack.migration.MigrationService;
import dev.polystack.migration.handler.MigrationHandler;
import dev.polystack.shared.Metrics;
import dev.polystack.shared.adapter.SingleTable;
import dev.polystack.upload.Upload;
import dev.polystack.upload.adapter.S3UploadStorage;
import dev.polystack.user.ExportService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.IResource;
import software.amazon.awscdk.Names;
import software.amazon.awscdk.NestedStack;
import software.amazon.awscdk.NestedStackProps;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpLambdaAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpLambdaResponseType;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnRoute;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpNoneAuthorizer;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.CfnDistribution;
import software.amazon.awscdk.services.cloudfront.CfnOriginAccessControl;
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
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.Operation;
import software.amazon.awscdk.services.dynamodb.OperationsMetricOptions;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.BackupProps;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.IClusterInstance;
import software.amazon.awscdk.services.rds.RotationSingleUserOptions;
import software.amazon.awscdk.services.rds.ServerlessV2ClusterInstanceProps;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.BucketPolicy;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.EventType;
import software.amazon.awscdk.services.s3.HttpMethods;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.NotificationKeyFilter;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.notifications.LambdaDestination;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The whole backend in one stack. The constructor is the table of contents; each part is a small
 * method below. Permissions are granted per function from {@link FunctionSpec}, one narrow
 * statement per resource.
 */
public final class PolystackStack extends Stack {
    static final String DATABASE_NAME = "polystack";
    static final String LIVE_ALIAS = "live";
    static final String IMAGES_ORIGIN = "product-images";
    static final String IMAGES_DISTRIBUTION = "ImagesDistribution";
    /** The nested stack that holds the functions. */
    static final String FUNCTIONS_STACK = "Functions";
    /**
     * Aurora PostgreSQL 16.8, the long-term-support minor of major 16 (offered for new clusters for at
     * least three years from its release); the local stack runs PostgreSQL 16 too. Check what a region
     * offers with {@code aws rds describe-db-engine-versions --engine aurora-postgresql --query ...} (docs/deploy.md#deploy-to-aws).
     */
    static final AuroraPostgresEngineVersion AURORA_VERSION = AuroraPostgresEngineVersion.VER_16_8;

    private final DeploymentStage stage;
    private final String functionsJar;
    private final Vpc vpc;
    private final Table table;
    private final Table ledger;
    private Bucket accessLogs;
    private final Bucket uploads;
    private final CfnDistribution images;
    private final DatabaseCluster database;
    /**
     * The stores the functions use: the stack's own, or those restored to a moment T that the stage's context
     * names instead (docs/recovery.md, "Switching the stack"). The stack's own stay defined either way.
     */
    private final ITable liveTable;

    private final IBucket liveUploads;
    private final String liveClusterArn;
    private final ISecret liveSecret;
    private final Topic alarms;
    private final Queue failedUploadEvents;
    private final software.amazon.awscdk.services.secretsmanager.Secret edgeOriginSecret;
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final Map<String, software.amazon.awscdk.services.lambda.Alias> live = new LinkedHashMap<>();
    private CustomResource schema;
    private HttpApi api;
    private String imagesDistributionId;

    public PolystackStack(Construct scope, String id, StackProps props, DeploymentStage stage, String functionsJar) {
        super(scope, id, props);
        this.stage = stage;
        this.functionsJar = functionsJar;

        this.vpc = createIsolatedVpc();
        this.table = createTable();
        this.ledger = createRecoveryLedger();
        this.uploads = createUploadBucket();
        this.database = createDatabase();
        RestoredStores restored = restoredStores();
        this.liveTable = restored.tableName()
                .map(name -> Table.fromTableName(this, "RestoredTable", name))
                .orElse(table);
        this.liveUploads = restored.bucketName()
                .map(name -> Bucket.fromBucketName(this, "RestoredUploads", name))
                .orElse(uploads);
        this.liveClusterArn = restored.clusterArn().orElse(database.getClusterArn());
        this.liveSecret = restored.secretArn()
                .map(arn -> Secret.fromSecretCompleteArn(this, "RestoredDatabaseSecret", arn))
                .orElse(database.getSecret());
        this.images = createImageDistribution();
        if (restored.bucketName().isPresent()) {
            protectRestoredUploads();
        }
        // The stores the functions use are the ones worth backing up; an original's recovery points stay in the
        // vault until their window ends.
        new Backups(this, "Backups", stage, liveClusterArn, liveTable.getTableArn(), liveUploads.getBucketArn());
        this.alarms = createAlarmTopic();
        this.failedUploadEvents = createFailedUploadEventsQueue();
        this.edgeOriginSecret = CatalogEdge.originSecret(this, stage);
        createFunctions();
        new OrderLake(this, "OrderLake", stage, functions.get(Functions.OUTBOX_RELAY), liveTable, accessLogs);
        migrateSchemaOnDeploy();
        createHttpApi();
        new CatalogEdge(this, "CatalogEdge", stage, api, accessLogs, edgeOriginSecret);
        notifyUploadsCompleted();
        schedule();
        createAlarmsAndDashboard();
        createOutputs();
        giveHelperFunctionsLogGroups();
        NagSuppressions.apply(this);
    }

    /**
     * The stores restored to a moment T that this stage is switched to: context {@code polystack:restored:<stage>}
     * (docs/recovery.md, "Switching the stack"); none when absent. A cluster or secret of another account or region
     * than the stack's (when the stack has one) is refused, like every malformed name.
     */
    private RestoredStores restoredStores() {
        return RestoredStores.fromContext(
                stage,
                getNode().tryGetContext(RestoredStores.contextKey(stage)),
                Token.isUnresolved(getRegion()) ? null : getRegion(),
                Token.isUnresolved(getAccount()) ? null : getAccount());
    }

    /** Aurora lives in isolated subnets (no route out); the functions stay outside the VPC, because the Data API is HTTPS. */
    private Vpc createIsolatedVpc() {
        Vpc created = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("isolated")
                        .subnetType(SubnetType.PRIVATE_ISOLATED)
                        .cidrMask(24)
                        .build()))
                .build();
        created.addFlowLog(
                "FlowLog",
                FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(LogGroup.Builder.create(this, "VpcFlowLogs")
                                .retention(stage.logRetention)
                                .removalPolicy(stage.removalPolicy)
                                .build()))
                        .build());
        return created;
    }

    private Table createTable() {
        return singleTableKeyed(Table.Builder.create(this, "Table"))
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .recoveryPeriodInDays(stage.recoveryWindowDays)
                        .build())
                .deletionProtection(stage.protectData)
                .removalPolicy(stage.removalPolicy)
                .build();
    }

    /**
     * The recovery ledger (docs/recovery.md): a table of its own, so that no restore of the stores rolls
     * it back; entries expire (TTL) after the 35-day recovery window, the most AWS Backup keeps continuous
     * backups (https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery-retention-period.html).
     * Kept when the stack goes, like the data it protects.
     */
    private Table createRecoveryLedger() {
        return singleTableKeyed(Table.Builder.create(this, "RecoveryLedger"))
                // Its own point-in-time recovery, against the loss of the ledger itself; a recovery of the
                // stores never restores it (it is not in the stores' backup selection).
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .deletionProtection(stage.protectData)
                .removalPolicy(stage.removalPolicy)
                .build();
    }

    /** Both tables' shape: the single table's PK/SK (strings), on demand, expiring on its TTL attribute. */
    private static Table.Builder singleTableKeyed(Table.Builder table) {
        return table.partitionKey(Attribute.builder()
                        .name(SingleTable.PK)
                        .type(AttributeType.STRING)
                        .build())
                .sortKey(Attribute.builder()
                        .name(SingleTable.SK)
                        .type(AttributeType.STRING)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(SingleTable.TTL_ATTRIBUTE);
    }

    private Bucket createUploadBucket() {
        accessLogs = Bucket.Builder.create(this, "UploadAccessLogs")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-access-logs")
                        .expiration(Duration.days(90))
                        .build()))
                .removalPolicy(stage.removalPolicy)
                .autoDeleteObjects(emptyOnDestroy())
                .build();
        return Bucket.Builder.create(this, "Uploads")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("uploads/")
                // Versions are what S3's continuous backup restores from (AWS Backup requires versioning), and
                // what undoes an overwrite or a delete within the recovery window.
                .versioned(true)
                .cors(List.of(CorsRule.builder()
                        .allowedMethods(List.of(HttpMethods.POST, HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD))
                        .allowedOrigins(cors().allowOrigins())
                        .allowedHeaders(List.of("*"))
                        .exposedHeaders(List.of("ETag"))
                        .maxAge(3000)
                        .build()))
                .lifecycleRules(List.of(
                        LifecycleRule.builder()
                                .id("abort-incomplete-multipart-uploads")
                                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                                .build(),
                        // An overwritten or deleted object stays restorable for the recovery window, no longer.
                        LifecycleRule.builder()
                                .id("expire-noncurrent-versions")
                                .noncurrentVersionExpiration(Duration.days(stage.recoveryWindowDays))
                                .expiredObjectDeleteMarker(true)
                                .build(),
                        // The completion function deletes rejected and orphaned objects at once; one it could
                        // not delete, it tags, and this rule expires it.
                        LifecycleRule.builder()
                                .id("expire-rejected-uploads")
                                .tagFilters(Map.of(S3UploadStorage.STATUS_TAG, "rejected"))
                                .expiration(Duration.days(1))
                                .build(),
                        // Data exports are fetched within minutes (the URL lives 10); none outlives a day.
                        LifecycleRule.builder()
                                .id("expire-exports")
                                .prefix(ExportService.KEY_PREFIX)
                                .expiration(Duration.days(1))
                                // An expired export becomes a noncurrent version: gone a day later, not a window later.
                                .noncurrentVersionExpiration(Duration.days(1))
                                .build()))
                .removalPolicy(stage.removalPolicy)
                .autoDeleteObjects(emptyOnDestroy())
                .build();
    }

    /**
     * Product images for browsers: CloudFront reads the private upload bucket through Origin Access
     * Control (SigV4-signed requests from this distribution only), and the bucket policy lets it read
     * {@code products/} and nothing else, so users' uploads are never served. HTTPS only, GET and HEAD,
     * AWS's managed caching policy, access logs beside the bucket's. Written as CloudFormation
     * resources: the L2 origin's bucket policy would cover every key of the bucket.
     */
    private CfnDistribution createImageDistribution() {
        CfnOriginAccessControl control = CfnOriginAccessControl.Builder.create(this, "ImagesOriginAccessControl")
                .originAccessControlConfig(CfnOriginAccessControl.OriginAccessControlConfigProperty.builder()
                        .name("polystack-" + stage.id() + "-images-" + getRegion())
                        .description("CloudFront reads product images from the upload bucket")
                        .originAccessControlOriginType("s3")
                        .signingBehavior("always")
                        .signingProtocol("sigv4")
                        .build())
                .build();
        CfnDistribution distribution = CfnDistribution.Builder.create(this, IMAGES_DISTRIBUTION)
                .distributionConfig(CfnDistribution.DistributionConfigProperty.builder()
                        .enabled(true)
                        .comment("polystack " + stage.id() + ": product images (" + Upload.PRODUCT_IMAGE_PREFIX
                                + " only)")
                        .httpVersion("http2and3")
                        .priceClass("PriceClass_100")
                        .origins(List.of(CfnDistribution.OriginProperty.builder()
                                .id(IMAGES_ORIGIN)
                                .domainName(liveUploads.getBucketRegionalDomainName())
                                .originAccessControlId(control.getAttrId())
                                .s3OriginConfig(CfnDistribution.S3OriginConfigProperty.builder()
                                        .originAccessIdentity("")
                                        .build())
                                .build()))
                        .defaultCacheBehavior(CfnDistribution.DefaultCacheBehaviorProperty.builder()
                                .targetOriginId(IMAGES_ORIGIN)
                                .viewerProtocolPolicy("redirect-to-https")
                                .allowedMethods(List.of("GET", "HEAD"))
                                .cachedMethods(List.of("GET", "HEAD"))
                                .cachePolicyId(CachePolicy.CACHING_OPTIMIZED.getCachePolicyId())
                                .compress(true)
                                .build())
                        .logging(CfnDistribution.LoggingProperty.builder()
                                .bucket(accessLogs.getBucketDomainName())
                                .prefix("cdn/")
                                .build())
                        .build())
                .build();
        imagesDistributionId = distribution.getRef();
        uploads.addToResourcePolicy(imagesReadStatement(uploads));
        return distribution;
    }

    /** The image distribution, and only it, may read {@code products/} of {@code bucket}. */
    private PolicyStatement imagesReadStatement(IBucket bucket) {
        return PolicyStatement.Builder.create()
                .sid("CloudFrontReadsProductImagesOnly")
                .principals(List.of(new ServicePrincipal("cloudfront.amazonaws.com")))
                .actions(List.of("s3:GetObject"))
                .resources(List.of(bucket.arnForObjects(Upload.PRODUCT_IMAGE_PREFIX + "*")))
                .conditions(Map.of(
                        "StringEquals",
                        Map.of(
                                "AWS:SourceArn",
                                "arn:" + getPartition() + ":cloudfront::" + getAccount() + ":distribution/"
                                        + imagesDistributionId)))
                .build();
    }

    /**
     * A restored bucket is not the stack's, so it has none of the upload bucket's policy; CloudFormation can
     * still own a policy for it (AWS::S3::BucketPolicy names any bucket of the account,
     * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucketpolicy.html):
     * TLS only, and the image distribution reads {@code products/} and nothing else, as on the original; and the
     * access-log bucket admits its logs.
     */
    private void protectRestoredUploads() {
        BucketPolicy policy = BucketPolicy.Builder.create(this, "RestoredUploadsPolicy")
                .bucket(liveUploads)
                .build();
        policy.getDocument()
                .addStatements(
                        PolicyStatement.Builder.create()
                                .sid("TlsOnly")
                                .effect(Effect.DENY)
                                .principals(List.of(new AnyPrincipal()))
                                .actions(List.of("s3:*"))
                                .resources(List.of(liveUploads.getBucketArn(), liveUploads.arnForObjects("*")))
                                .conditions(Map.of("Bool", Map.of("aws:SecureTransport", "false")))
                                .build(),
                        imagesReadStatement(liveUploads));
        // The runbook copies the upload bucket's access logging to the restored one; the log bucket admits the
        // logging service for a named source bucket only
        // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
        accessLogs.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("RestoredUploadsAccessLogs")
                .principals(List.of(new ServicePrincipal("logging.s3.amazonaws.com")))
                .actions(List.of("s3:PutObject"))
                .resources(List.of(accessLogs.arnForObjects("uploads/*")))
                .conditions(Map.of(
                        "ArnLike",
                        Map.of("aws:SourceArn", liveUploads.getBucketArn()),
                        "StringEquals",
                        Map.of("aws:SourceAccount", getAccount())))
                .build());
    }

    /** S3 refuses to delete a bucket that holds objects: a disposable stage empties its buckets on destroy; prod keeps them. */
    private boolean emptyOnDestroy() {
        return stage.removalPolicy == RemovalPolicy.DESTROY;
    }

    /** The API and browser uploads answer the web app's origin: {@code -c allowedOrigin=https://app.example.com} (default any). */
    CorsPolicy cors() {
        Object origin = getNode().tryGetContext("allowedOrigin");
        return origin == null ? CorsPolicy.DEFAULT : CorsPolicy.DEFAULT.withAllowOrigins(List.of(origin.toString()));
    }

    /**
     * Prod has a Serverless v2 reader in the second zone that scales with the writer (promotion tier 1), so
     * a failed writer is replaced by promoting it instead of creating a new instance; the functions use the
     * Data API, which always talks to the writer, so the reader carries no traffic of its own.
     */
    private DatabaseCluster createDatabase() {
        List<String> zones = vpc.getAvailabilityZones();
        List<IClusterInstance> readers = stage.protectData
                ? List.of(ClusterInstance.serverlessV2(
                        "reader",
                        ServerlessV2ClusterInstanceProps.builder()
                                .scaleWithWriter(true)
                                .availabilityZone(zones.get(1))
                                .build()))
                : List.of();
        DatabaseCluster cluster = DatabaseCluster.Builder.create(this, "Aurora")
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                        .version(AURORA_VERSION)
                        .build()))
                .writer(ClusterInstance.serverlessV2(
                        "writer",
                        ServerlessV2ClusterInstanceProps.builder()
                                .availabilityZone(stage.protectData ? zones.get(0) : null)
                                .build()))
                .readers(readers)
                .serverlessV2MinCapacity(stage.minAcu)
                .serverlessV2MaxCapacity(4)
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder()
                        .subnetType(SubnetType.PRIVATE_ISOLATED)
                        .build())
                .credentials(Credentials.fromGeneratedSecret("polystack_admin"))
                .defaultDatabaseName(DATABASE_NAME)
                .enableDataApi(true)
                .storageEncrypted(true)
                .backup(BackupProps.builder()
                        .retention(Duration.days(stage.recoveryWindowDays))
                        .build())
                .cloudwatchLogsExports(List.of("postgresql"))
                .cloudwatchLogsRetention(stage.logRetention)
                .deletionProtection(stage.protectData)
                .removalPolicy(stage.protectData ? RemovalPolicy.SNAPSHOT : stage.removalPolicy)
                .build();
        // The snapshot a prod destroy leaves is useless without the credentials it was taken with.
        // (The cluster's getSecret() is the secret's attachment; the generated secret is the child "Secret".)
        ((IResource) cluster.getNode().findChild("Secret")).applyRemovalPolicy(stage.removalPolicy);
        if (stage.protectData) {
            rotateSecret(cluster);
        }
        return cluster;
    }

    /**
     * Prod rotates the database secret every 30 days with Secrets Manager's single-user rotation function
     * for Aurora PostgreSQL (deployed by CDK in the cluster's isolated subnets), which reaches Secrets
     * Manager through an interface endpoint: the isolated subnets have no route out. The Data API reads
     * the secret's current version on each call. Dev does not rotate: its secret goes with the stage, and
     * the endpoint would be its only hourly charge besides Aurora (docs/backups.md).
     */
    private void rotateSecret(DatabaseCluster cluster) {
        InterfaceVpcEndpoint secretsManager = vpc.addInterfaceEndpoint(
                "SecretsManagerEndpoint",
                InterfaceVpcEndpointOptions.builder()
                        .service(InterfaceVpcEndpointAwsService.SECRETS_MANAGER)
                        // Not open to the whole VPC: the rotation function's security group alone may reach it.
                        .open(false)
                        .subnets(SubnetSelection.builder()
                                .subnetType(SubnetType.PRIVATE_ISOLATED)
                                .build())
                        .build());
        SecurityGroup rotation = SecurityGroup.Builder.create(this, "SecretRotationSecurityGroup")
                .vpc(vpc)
                .description("polystack " + stage.id()
                        + ": rotation function of the database secret, to Aurora and Secrets Manager")
                .build();
        secretsManager.getConnections().allowDefaultPortFrom(rotation, "the rotation function calls Secrets Manager");
        cluster.addRotationSingleUser(RotationSingleUserOptions.builder()
                .automaticallyAfter(Duration.days(30))
                .endpoint(secretsManager)
                .securityGroup(rotation)
                .build());
    }

    /**
     * Alarms publish to an encrypted topic. CloudWatch cannot use the AWS managed key alias/aws/sns (its
     * policy cannot be changed), so the topic has its own key that lets CloudWatch, for this account
     * only, encrypt; and the topic policy, which enforceSsl turns from the default into a lone Deny,
     * allows CloudWatch to publish.
     */
    private Topic createAlarmTopic() {
        Key key = Key.Builder.create(this, "AlarmsKey")
                .description("polystack " + stage.id() + ": encrypts the alarm topic; CloudWatch may use it")
                .enableKeyRotation(true)
                .removalPolicy(stage.removalPolicy)
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", getAccount())))
                .build());
        Topic topic = Topic.Builder.create(this, "Alarms")
                .enforceSsl(true)
                .masterKey(key)
                .build();
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", getAccount())))
                .build());
        return topic;
    }

    /**
     * S3 invokes the completion function asynchronously: an event that still fails after Lambda's
     * retries lands here (and alarms) instead of vanishing.
     */
    private Queue createFailedUploadEventsQueue() {
        return Queue.Builder.create(this, "UploadCompletedFailures")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .removalPolicy(stage.removalPolicy)
                .build();
    }

    private void createFunctions() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("TABLE_NAME", liveTable.getTableName());
        environment.put("BUCKET_NAME", liveUploads.getBucketName());
        environment.put("LEDGER_TABLE", ledger.getTableName());
        environment.put("DB_CLUSTER_ARN", liveClusterArn);
        environment.put("DB_SECRET_ARN", liveSecret.getSecretArn());
        environment.put("DB_NAME", DATABASE_NAME);
        environment.put("SEARCH_LANGUAGE", searchLanguage());
        environment.put("IMAGE_BASE_URL", "https://" + images.getAttrDomainName());
        // Beside it a request came through the API's distribution, whose x-polystack-viewer-address is the client's.
        environment.put(
                dev.polystack.app.EdgePolicy.ORIGIN_SECRET_VARIABLE,
                edgeOriginSecret.getSecretValue().unsafeUnwrap());
        // Its own (nested) stack: about 6 resources per function, which would bring the main stack near
        // CloudFormation's 500-resource limit. Permissions for API Gateway, S3 and EventBridge stay beside
        // their sources (CDK places them there), so no reference runs both ways.
        NestedStack scope = new NestedStack(
                this,
                FUNCTIONS_STACK,
                NestedStackProps.builder()
                        .description(
                                "polystack " + stage.id() + ": the functions, their roles, log groups and live aliases")
                        .build());
        for (FunctionSpec spec : Functions.ALL) {
            LogGroup logs = LogGroup.Builder.create(scope, spec.name() + "Logs")
                    .retention(stage.logRetention)
                    .removalPolicy(stage.removalPolicy)
                    .build();
            Role role = Role.Builder.create(scope, spec.name() + "Role")
                    .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                    .description("polystack " + spec.name() + ": only what this function uses")
                    .build();
            logs.grantWrite(role);
            grant(role, spec);
            Map<String, String> functionEnvironment = new LinkedHashMap<>(environment);
            functionEnvironment.putAll(spec.environment());
            functionEnvironment.put(FunctionSpec.ACCESS_VARIABLE, spec.accessVariable());
            Function.Builder builder = Function.Builder.create(scope, spec.name())
                    .runtime(Runtime.JAVA_21)
                    .architecture(Architecture.ARM_64)
                    .handler(spec.handlerName())
                    .code(Code.fromAsset(functionsJar))
                    .memorySize(spec.memoryMb())
                    .timeout(Duration.seconds(spec.timeoutSeconds()))
                    .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                    .tracing(Tracing.ACTIVE)
                    .environment(functionEnvironment)
                    .role(role)
                    .logGroup(logs);
            stage.sizing().reservedConcurrency(spec).ifPresent(builder::reservedConcurrentExecutions);
            Function function = builder.build();
            Annotations.of(function)
                    .acknowledgeWarning(
                            "@aws-cdk/aws-lambda:snapStartRequirePublish",
                            "every function is published: the live alias points at its current version");
            functions.put(spec.name(), function);
            var alias = software.amazon.awscdk.services.lambda.Alias.Builder.create(scope, spec.name() + "Live")
                    .aliasName(LIVE_ALIAS)
                    .version(function.getCurrentVersion());
            if (spec.trigger() instanceof Trigger.ObjectCreated created) {
                // S3 invokes the alias asynchronously: a few retries, then the failure queue.
                alias.retryAttempts(created.retries())
                        .maxEventAge(Duration.seconds(created.maxEventAge().toSeconds()))
                        .onFailure(new SqsDestination(failedUploadEvents));
            }
            live.put(spec.name(), alias.build());
        }
    }

    /**
     * The PostgreSQL text search configuration products are indexed and searched with:
     * {@code -c searchLanguage=german}; default english. Products keep the one they were created with.
     */
    String searchLanguage() {
        Object language = getNode().tryGetContext("searchLanguage");
        return language == null ? "english" : language.toString();
    }

    private void grant(Role role, FunctionSpec spec) {
        for (Access access : spec.access()) {
            List<String> resources = switch (access.resource()) {
                case TABLE -> List.of(liveTable.getTableArn());
                case DATABASE -> List.of(liveClusterArn);
                case BUCKET -> List.of(liveUploads.getBucketArn());
                case OBJECTS ->
                    access.prefixes().stream()
                            .map(prefix -> liveUploads.arnForObjects(prefix + "*"))
                            .toList();
                case QUEUE -> List.of(failedUploadEvents.getQueueArn());
                case LEDGER -> List.of(ledger.getTableArn());
            };
            PolicyStatement.Builder statement = PolicyStatement.Builder.create()
                    .effect(Effect.ALLOW)
                    .actions(access.actions())
                    .resources(resources);
            if (access.resource() == Access.Resource.BUCKET
                    && !access.prefixes().isEmpty()) {
                statement.conditions(Map.of(
                        "StringLike",
                        Map.of(
                                "s3:prefix",
                                access.prefixes().stream()
                                        .map(prefix -> prefix + "*")
                                        .toList())));
            }
            role.addToPolicy(statement.build());
            if (access.needsDatabaseSecret()) {
                liveSecret.grantRead(role);
            }
        }
    }

    private void createHttpApi() {
        HttpLambdaAuthorizer authorizer = HttpLambdaAuthorizer.Builder.create(
                        "BearerToken", live.get(Functions.AUTHORIZER))
                .responseTypes(List.of(HttpLambdaResponseType.SIMPLE))
                .identitySource(List.of("$request.header.Authorization"))
                // No caching: a revoked session must stop working at once.
                .resultsCacheTtl(Duration.seconds(0))
                .build();
        Route fallback =
                RouteTable.ROUTES.stream().filter(Route::isDefault).findFirst().orElseThrow();
        CorsPolicy cors = cors();
        api = HttpApi.Builder.create(this, "HttpApi")
                .description("polystack " + stage.id())
                // The $default route answers every unmatched request with 404/405 in the API's error shape.
                .defaultIntegration(new HttpLambdaIntegration("FallbackIntegration", live.get(fallback.function())))
                // API Gateway answers preflights itself (before the $default route and the authorizer).
                .corsPreflight(CorsPreflightOptions.builder()
                        .allowOrigins(cors.allowOrigins())
                        .allowMethods(cors.allowMethods().stream()
                                .map(CorsHttpMethod::valueOf)
                                .toList())
                        .allowHeaders(cors.allowHeaders())
                        .exposeHeaders(cors.exposeHeaders())
                        .maxAge(Duration.seconds(cors.maxAgeSeconds()))
                        .build())
                .build();
        for (Route route : RouteTable.ROUTES) {
            if (route.isDefault()) {
                continue;
            }
            HttpLambdaIntegration integration =
                    new HttpLambdaIntegration(route.function() + "Integration", live.get(route.function()));
            api.addRoutes(AddRoutesOptions.builder()
                    .path(route.path())
                    .methods(List.of(HttpMethod.valueOf(route.method())))
                    .integration(integration)
                    .authorizer(route.authorized() ? authorizer : new HttpNoneAuthorizer())
                    .build());
        }
        LogGroup accessLogs = LogGroup.Builder.create(this, "ApiAccessLogs")
                .retention(stage.logRetention)
                .removalPolicy(stage.removalPolicy)
                .build();
        CfnStage defaultStage = (CfnStage) api.getDefaultStage().getNode().getDefaultChild();
        defaultStage.setAccessLogSettings(CfnStage.AccessLogSettingsProperty.builder()
                .destinationArn(accessLogs.getLogGroupArn())
                .format(
                        "{\"requestId\":\"$context.requestId\",\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
                                + "\"latencyMs\":\"$context.responseLatency\",\"integrationError\":\"$context.integrationErrorMessage\","
                                + "\"authorizerError\":\"$context.authorizer.error\",\"ip\":\"$context.identity.sourceIp\"}")
                .build());
        // Applied to each route on its own, not shared across the stage
        // (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html).
        defaultStage.setDefaultRouteSettings(CfnStage.RouteSettingsProperty.builder()
                .throttlingRateLimit(contextNumber("throttleRate", stage.throttleRate))
                .throttlingBurstLimit(
                        contextNumber("throttleBurst", stage.throttleBurst).intValue())
                .build());
        defaultStage.setRouteSettings(routeThrottles());
        // A route's settings name its route key, which must exist when the stage is written.
        for (IConstruct part : api.getNode().findAll()) {
            if (part instanceof CfnRoute) {
                defaultStage.getNode().addDependency(part);
            }
        }
        // On a first deploy no route may answer before the schema exists.
        for (IConstruct part : api.getNode().findAll()) {
            if (part instanceof CfnRoute || part instanceof CfnStage) {
                part.getNode().addDependency(schema);
            }
        }
    }

    /**
     * Each route's own throttle from the function definition, keyed by route key ({@code POST /orders}).
     * {@code RouteSettings} is a JSON property: CDK writes it as given, so the keys are CloudFormation's own.
     */
    private static Map<String, Map<String, Object>> routeThrottles() {
        Map<String, Map<String, Object>> settings = new LinkedHashMap<>();
        for (FunctionSpec spec : Functions.ALL) {
            spec.throttle()
                    .ifPresent(throttle -> spec.route()
                            .ifPresent(route -> settings.put(
                                    route.routeKey(),
                                    Map.of(
                                            "ThrottlingRateLimit",
                                            throttle.ratePerSecond(),
                                            "ThrottlingBurstLimit",
                                            throttle.burst()))));
        }
        return settings;
    }

    private Double contextNumber(String key, double fallback) {
        Object value = getNode().tryGetContext(key);
        return value == null ? fallback : Double.parseDouble(value.toString());
    }

    /** Users' files and product images: the completion function checks both kinds against their records. */
    private void notifyUploadsCompleted() {
        for (FunctionSpec spec : Functions.ALL) {
            if (spec.trigger() instanceof Trigger.ObjectCreated created) {
                for (String prefix : created.prefixes()) {
                    liveUploads.addEventNotification(
                            EventType.OBJECT_CREATED,
                            new LambdaDestination(live.get(spec.name())),
                            NotificationKeyFilter.builder().prefix(prefix).build());
                }
            }
        }
    }

    /** Runs the migrations through the Data API on every deploy that changes them; each runs once. */
    private void migrateSchemaOnDeploy() {
        Provider provider = Provider.Builder.create(this, "MigrateProvider")
                .onEventHandler(live.get(Functions.MIGRATE))
                .logGroup(LogGroup.Builder.create(this, "MigrateProviderLogs")
                        .retention(stage.logRetention)
                        .removalPolicy(stage.removalPolicy)
                        .build())
                .build();
        schema = CustomResource.Builder.create(this, "SchemaMigration")
                .serviceToken(provider.getServiceToken())
                .resourceType("Custom::SchemaMigration")
                .properties(Map.of(MigrationHandler.CHECKSUM_PROPERTY, migrationsChecksum()))
                .build();
        schema.getNode().addDependency(database);
    }

    static String migrationsChecksum() {
        return MigrationService.checksum(MigrationService.fromClasspath());
    }

    /** {@code -c relayEveryMinutes=N}; the stage's default otherwise (dev: seldom enough for Aurora to pause). */
    int relayEveryMinutes() {
        return contextNumber("relayEveryMinutes", stage.relayEveryMinutes).intValue();
    }

    /** Every scheduled function: the outbox relay at the stage's rate, erasures every {@link Functions#ERASE_EVERY_MINUTES}. */
    private void schedule() {
        for (FunctionSpec spec : Functions.ALL) {
            if (spec.trigger() instanceof Trigger.Schedule schedule) {
                int minutes = schedule.perStage() ? relayEveryMinutes() : schedule.everyMinutes();
                Rule rule = Rule.Builder.create(this, spec.name() + "Schedule")
                        .description(spec.summary())
                        .schedule(Schedule.rate(Duration.minutes(minutes)))
                        .targets(List.of(LambdaFunction.Builder.create(live.get(spec.name()))
                                .retryAttempts(0)
                                .build()))
                        .build();
                rule.getNode().addDependency(schema);
            }
        }
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
                // Sorted: Map.of's order changes from one JVM to the next, and with it the synthesized alarm.
                .usingMetrics(new TreeMap<>(Map.of("errors", api.metricServerError(), "requests", api.metricCount())))
                .label("API 5xx %")
                .period(Duration.minutes(5))
                .build();
        alarm("Api5xxRate", serverErrorRate, 1, notify);
        IMetric dynamoThrottles = liveTable.metricThrottledRequestsForOperations(OperationsMetricOptions.builder()
                .operations(List.of(
                        Operation.GET_ITEM,
                        Operation.PUT_ITEM,
                        Operation.UPDATE_ITEM,
                        Operation.DELETE_ITEM,
                        Operation.QUERY,
                        Operation.TRANSACT_WRITE_ITEMS))
                .period(Duration.minutes(5))
                .build());
        alarm("DynamoThrottles", dynamoThrottles, 1, notify);
        Metric dataApiErrors = Metric.Builder.create()
                .namespace(Metrics.NAMESPACE)
                .metricName(Metrics.DATA_API_ERRORS)
                .statistic("Sum")
                .period(Duration.minutes(5))
                .build();
        alarm("DataApiErrors", dataApiErrors, 5, notify);
        Metric backlogAge = Metric.Builder.create()
                .namespace(Metrics.NAMESPACE)
                .metricName(Metrics.OUTBOX_BACKLOG_AGE)
                .statistic("Maximum")
                .period(Duration.minutes(5))
                .build();
        // An order unprojected for a whole relay cycle plus 5 minutes means the relay is not healing it.
        alarm("OutboxBacklogAge", backlogAge, 60.0 * relayEveryMinutes() + 300, notify);
        alarm("UploadCompletedFailures", failedUploadEvents.metricApproximateNumberOfMessagesVisible(), 1, notify);

        Dashboard.Builder.create(this, "Dashboard")
                .dashboardName("polystack-" + stage.id())
                .widgets(List.of(
                        List.of(
                                graph(
                                        "API requests and 5xx",
                                        List.of(api.metricCount(), api.metricServerError(), api.metricClientError())),
                                graph("API 5xx %", List.of(serverErrorRate))),
                        List.of(graph("Function errors", errors), graph("Function duration", durations)),
                        List.of(
                                graph("DynamoDB throttles", List.of(dynamoThrottles)),
                                graph("Data API errors", List.of(dataApiErrors)),
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
        CfnOutput.Builder.create(this, "ApiUrl")
                .value(api.getApiEndpoint())
                .description("The HTTP API's base URL")
                .build();
        CfnOutput.Builder.create(this, "BucketName")
                .value(liveUploads.getBucketName())
                .build();
        CfnOutput.Builder.create(this, "ImageBaseUrl")
                .value("https://" + images.getAttrDomainName())
                .description("Product images: <ImageBaseUrl>/<imageKey>")
                .build();
        CfnOutput.Builder.create(this, "TableName")
                .value(liveTable.getTableName())
                .build();
        CfnOutput.Builder.create(this, "LedgerTableName")
                .value(ledger.getTableName())
                .build();
        CfnOutput.Builder.create(this, "ClusterArn").value(liveClusterArn).build();
        CfnOutput.Builder.create(this, "SecretArn")
                .value(liveSecret.getSecretArn())
                .build();
        for (FunctionSpec spec : Functions.ALL) {
            if (spec.trigger() instanceof Trigger.Operator) {
                CfnOutput.Builder.create(this, spec.name() + "LiveArn")
                        .value(live.get(spec.name()).getFunctionArn())
                        .description(
                                "aws lambda invoke --function-name <this ARN> (the live alias: SnapStart, never $LATEST)")
                        .build();
            }
        }
        CfnOutput.Builder.create(this, "AlarmTopicArn")
                .value(alarms.getTopicArn())
                .description("Subscribe to get alarms")
                .build();
    }

    /**
     * CDK's own helper functions (custom-resource providers, bucket notifications, log retention,
     * emptying buckets) would log to groups Lambda creates on first run, kept forever: each gets a
     * group with the stage's retention instead.
     */
    private void giveHelperFunctionsLogGroups() {
        for (IConstruct part : getNode().findAll()) {
            if (!(part instanceof CfnResource resource)
                    || !"AWS::Lambda::Function".equals(resource.getCfnResourceType())) {
                continue;
            }
            if (resource instanceof CfnFunction function && function.getLoggingConfig() != null) {
                continue;
            }
            LogGroup logs = LogGroup.Builder.create(Stack.of(resource), Names.uniqueId(resource) + "Logs")
                    .retention(stage.logRetention)
                    .removalPolicy(stage.removalPolicy)
                    .build();
            resource.addPropertyOverride("LoggingConfig.LogGroup", logs.getLogGroupName());
        }
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
