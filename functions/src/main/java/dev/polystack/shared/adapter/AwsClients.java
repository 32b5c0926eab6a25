package dev.polystack.shared.adapter;

import dev.polystack.shared.Lazy;
import dev.polystack.shared.Priming;
import dev.polystack.shared.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The process's SDK clients, each built on first use and shared: one HTTP client (URLConnection,
 * the lightest at cold start), the region and endpoints from {@link Settings}, and the store-call
 * recorder on every client.
 *
 * <p>Under SnapStart each client, once built, registers a {@link Priming primer}: one request through
 * its whole pipeline (signing, HTTP, unmarshalling) that changes nothing — a read of a key that does
 * not exist, {@code SELECT 1}, a presigned URL — so the first invocation after a restore does not pay
 * for loading and linking it. Connections opened by priming are not trusted after a restore: the
 * JDK's keep-alive cache retries a request without a streamed body once on a new connection when a
 * cached one fails, and the SDK retries the I/O errors of the others (the Data API client through
 * {@link DataApi}); S3 uploads go without {@code Expect: 100-continue} so that theirs are among them
 * ({@link NoExpectContinue}).
 */
public final class AwsClients implements AutoCloseable {
    /**
     * What each primer needs its role to allow ({@code dev.polystack.app.Access} names; a test keeps them real):
     * a function primes only what its role allows ({@link Priming#register(String, String, Runnable)}).
     */
    public static final Map<String, String> PRIMER_ACCESS = Map.ofEntries(
            Map.entry("dynamodb.get", "TABLE_GET"),
            Map.entry("dynamodb.query", "TABLE_QUERY"),
            Map.entry("dynamodb.put", "TABLE_PUT"),
            Map.entry("dynamodb.update", "TABLE_UPDATE"),
            Map.entry("dynamodb.delete", "TABLE_DELETE"),
            Map.entry("dynamodb.transact", "TABLE_TRANSACT_PUT"),
            Map.entry("dynamodb.enhanced.get", "TABLE_GET"),
            Map.entry("dynamodb.enhanced.put", "TABLE_PUT"),
            // The adapters' own writes (AppContext): refused by DynamoDB, or answered in the process
            // (answeredDynamo()), so that a function primes only the writes its role makes.
            Map.entry("sessions.delete", "TABLE_DELETE"),
            Map.entry("sessions.delete.answered", "TABLE_DELETE"),
            Map.entry("sessions.revokeAll", "TABLE_QUERY"),
            Map.entry("ledger.record.answered", "LEDGER_RECORD"),
            Map.entry("uploads.create.answered", "TABLE_PUT"),
            Map.entry("rdsData", "DATA_API_STATEMENT"),
            Map.entry("rdsData.transaction", "DATA_API_TRANSACTION"));
    /**
     * The S3 primer reads a missing key under the first prefix the role may read ({@code Access} name to its
     * prefix; a test keeps them equal to the definition's); a role that reads no prefix does not prime S3.
     */
    public static final List<Map.Entry<String, String>> S3_READS = List.of(
            Map.entry("UPLOADS_GET", "uploads/"),
            Map.entry("PRODUCT_IMAGES_GET", "products/"),
            Map.entry("EXPORTS_GET", "exports/"));

    /** The key the primers read: no item or object has it. */
    static final String PRIMING_KEY = "PRIMING#absent";
    /** ISO-8601 duration: how long one attempt of an SDK call may take (default 50 s). */
    public static final String SDK_ATTEMPT_TIMEOUT = "SDK_ATTEMPT_TIMEOUT";
    /** ISO-8601 duration: how long an SDK call may take with its retries (default: no bound beyond the attempts). */
    public static final String SDK_CALL_TIMEOUT = "SDK_CALL_TIMEOUT";

    private final Settings settings;
    private final AwsCredentialsProvider credentials;
    private final List<ExecutionInterceptor> interceptors;
    private final SdkHttpClient http = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(50))
            .build();

    private final Lazy<DynamoDbClient> dynamo = new Lazy<>(this::buildDynamo);
    private final Lazy<DynamoDbEnhancedClient> enhanced = new Lazy<>(this::buildEnhanced);
    private final Lazy<DynamoDbClient> answeredDynamo = new Lazy<>(
            () -> dynamoBuilder().httpClient(new AnsweringHttpClient()).build());
    private final Lazy<DynamoDbEnhancedClient> answeredEnhanced = new Lazy<>(() ->
            DynamoDbEnhancedClient.builder().dynamoDbClient(answeredDynamo()).build());
    private final Lazy<S3Client> s3 = new Lazy<>(this::buildS3);
    private final Lazy<RdsDataClient> rdsData = new Lazy<>(this::buildRdsData);
    private final Lazy<S3Presigner> s3Presigner = new Lazy<>(this::buildS3Presigner);
    private final Lazy<FirehoseClient> firehose = new Lazy<>(this::buildFirehose);

    public AwsClients(
            Settings settings, AwsCredentialsProvider credentials, List<ExecutionInterceptor> extraInterceptors) {
        this.settings = settings;
        this.credentials = credentials;
        List<ExecutionInterceptor> all = new ArrayList<>();
        all.add(new StoreCallRecorder());
        all.addAll(extraInterceptors);
        this.interceptors = List.copyOf(all);
    }

    /**
     * The credentials Lambda gives a function: its execution role's keys in the environment, or, under
     * SnapStart, the container credentials endpoint
     * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials); JVM
     * system properties first, as the SDK's default chain has them. The default chain would also build its
     * profile-file, web-identity and instance-metadata providers, about 50 classes more at a cold start,
     * for sources a Lambda function never has. Resolved at each call, never captured at init.
     */
    public static AwsCredentialsProvider lambdaCredentials() {
        return AwsCredentialsProviderChain.builder()
                .credentialsProviders(
                        SystemPropertyCredentialsProvider.create(),
                        EnvironmentVariableCredentialsProvider.create(),
                        ContainerCredentialsProvider.builder().build())
                .build();
    }

    public DynamoDbClient dynamo() {
        return dynamo.get();
    }

    /** The Enhanced Client over {@link #dynamo()}: every item's immutable schema is used through it. */
    public DynamoDbEnhancedClient enhanced() {
        return enhanced.get();
    }

    /**
     * For primers only: a DynamoDB client configured as {@link #dynamo()} whose requests never leave the process, each
     * answered as DynamoDB answers a write that returns no attributes ({@link AnsweringHttpClient}). Through it an
     * adapter's write runs its success path (the response's checksum and unmarshalling) before a SnapStart snapshot,
     * which a write DynamoDB refuses does not reach, without writing anything.
     */
    public DynamoDbClient answeredDynamo() {
        return answeredDynamo.get();
    }

    /** The Enhanced Client over {@link #answeredDynamo()}: for primers only. */
    public DynamoDbEnhancedClient answeredEnhanced() {
        return answeredEnhanced.get();
    }

    public S3Client s3() {
        return s3.get();
    }

    public RdsDataClient rdsData() {
        return rdsData.get();
    }

    /** Signs S3 requests locally (no call): the same credentials, region and endpoint as {@link #s3()}. */
    public S3Presigner s3Presigner() {
        return s3Presigner.get();
    }

    /** The order lake's delivery stream (the outbox relay only). */
    public FirehoseClient firehose() {
        return firehose.get();
    }

    private FirehoseClient buildFirehose() {
        var builder = FirehoseClient.builder()
                .httpClient(http)
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides());
        settings.endpoint("FIREHOSE").ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private ClientOverrideConfiguration overrides() {
        return overrides(interceptors);
    }

    private ClientOverrideConfiguration overrides(List<ExecutionInterceptor> interceptors) {
        var builder = ClientOverrideConfiguration.builder()
                .executionInterceptors(interceptors)
                .apiCallAttemptTimeout(settings.duration(SDK_ATTEMPT_TIMEOUT, Duration.ofSeconds(50)));
        // A function that must answer sooner than its callers wait (the authorizer) bounds the whole call, retries
        // included.
        settings.optional(SDK_CALL_TIMEOUT).map(Duration::parse).ifPresent(builder::apiCallTimeout);
        return builder.build();
    }

    private DynamoDbClientBuilder dynamoBuilder() {
        var builder = DynamoDbClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides());
        settings.endpoint("DYNAMODB").ifPresent(builder::endpointOverride);
        return builder;
    }

    private DynamoDbClient buildDynamo() {
        DynamoDbClient client = dynamoBuilder().httpClient(http).build();
        String table = settings.tableName();
        Map<String, AttributeValue> absent = Map.of(
                SingleTable.PK, AttributeValue.fromS(PRIMING_KEY), SingleTable.SK, AttributeValue.fromS(PRIMING_KEY));
        // Writes only under a condition the absent item fails: DynamoDB refuses each, nothing is written.
        String onlyIfPresent = "attribute_exists(" + SingleTable.PK + ")";
        prime("dynamodb.get", () -> client.getItem(r -> r.tableName(table).key(absent)));
        prime(
                "dynamodb.query",
                () -> client.query(r -> r.tableName(table)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", SingleTable.PK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(PRIMING_KEY)))
                        .limit(1)));
        prime(
                "dynamodb.put",
                () -> client.putItem(r -> r.tableName(table).item(absent).conditionExpression(onlyIfPresent)));
        prime(
                "dynamodb.update",
                () -> client.updateItem(r -> r.tableName(table)
                        .key(absent)
                        .conditionExpression(onlyIfPresent)
                        .updateExpression("SET #p = :p")
                        .expressionAttributeNames(Map.of("#p", "priming"))
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromBool(true)))));
        prime(
                "dynamodb.delete",
                () -> client.deleteItem(r -> r.tableName(table).key(absent).conditionExpression(onlyIfPresent)));
        prime(
                "dynamodb.transact",
                () -> client.transactWriteItems(r -> r.transactItems(t ->
                        t.conditionCheck(c -> c.tableName(table).key(absent).conditionExpression(onlyIfPresent)))));
        return client;
    }

    private DynamoDbEnhancedClient buildEnhanced() {
        DynamoDbEnhancedClient client =
                DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo()).build();
        PrimingItem.register(client, settings.tableName());
        return client;
    }

    private S3Client buildS3() {
        List<ExecutionInterceptor> s3Interceptors = new ArrayList<>(interceptors);
        s3Interceptors.add(new NoExpectContinue()); // after S3's own, which add the header
        var builder = S3Client.builder()
                .httpClient(http)
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides(s3Interceptors));
        settings.endpoint("S3")
                .ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        S3Client client = builder.build();
        // A missing key under a prefix the role reads: 404 (or 403 where the function may not list), the same
        // pipeline as a real read.
        String allowed = System.getenv(Priming.ACCESS_VARIABLE);
        S3_READS.stream()
                .filter(read -> Priming.allows(allowed, read.getKey()))
                .findFirst()
                .ifPresent(read -> Priming.register(
                        "s3",
                        () -> client.headObject(
                                r -> r.bucket(settings.bucketName()).key(read.getValue() + PRIMING_KEY))));
        return client;
    }

    private S3Presigner buildS3Presigner() {
        var builder = S3Presigner.builder().region(Region.of(settings.region())).credentialsProvider(credentials);
        settings.endpoint("S3")
                .ifPresent(endpoint -> builder.endpointOverride(endpoint)
                        .serviceConfiguration(S3Configuration.builder()
                                .pathStyleAccessEnabled(true)
                                .build()));
        S3Presigner presigner = builder.build();
        Priming.register(
                "s3Presigner",
                () -> presigner.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(1))
                        .getObjectRequest(g -> g.bucket(settings.bucketName()).key(PRIMING_KEY))));
        return presigner;
    }

    /** No SDK retries here: {@link DataApi} retries within its own time budget, knowing which statements are safe to repeat. */
    private RdsDataClient buildRdsData() {
        var builder = RdsDataClient.builder()
                .httpClient(http)
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides().toBuilder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .build());
        settings.endpoint("RDS_DATA").ifPresent(builder::endpointOverride);
        RdsDataClient client = builder.build();
        // Wakes a paused Aurora at publish time, which the first invocations would otherwise wait for.
        prime(
                "rdsData",
                () -> client.executeStatement(r -> r.resourceArn(settings.dbClusterArn())
                        .secretArn(settings.dbSecretArn())
                        .database(settings.dbName())
                        .sql("SELECT 1")));
        prime("rdsData.transaction", () -> {
            String tx = client.beginTransaction(r -> r.resourceArn(settings.dbClusterArn())
                            .secretArn(settings.dbSecretArn())
                            .database(settings.dbName()))
                    .transactionId();
            client.rollbackTransaction(r -> r.resourceArn(settings.dbClusterArn())
                    .secretArn(settings.dbSecretArn())
                    .transactionId(tx));
        });
        return client;
    }

    /** Registers {@code primer} where the function's role allows what {@link #PRIMER_ACCESS} says it needs. */
    public static void prime(String name, Runnable primer) {
        Priming.register(name, PRIMER_ACCESS.get(name), primer);
    }

    @Override
    public void close() {
        http.close();
    }
}
