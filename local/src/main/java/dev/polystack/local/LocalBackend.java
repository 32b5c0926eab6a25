package dev.polystack.local;

import dev.polystack.app.AppContext;
import dev.polystack.app.EdgePolicy;
import dev.polystack.app.Route;
import dev.polystack.local.dataapi.DataApiEmulator;
import dev.polystack.local.dynamo.LocalDynamo;
import dev.polystack.local.edge.EdgeCache;
import dev.polystack.local.events.BucketPoller;
import dev.polystack.local.events.S3EventBus;
import dev.polystack.local.events.Schedules;
import dev.polystack.local.firehose.FirehoseEmulator;
import dev.polystack.local.gateway.ApiDocs;
import dev.polystack.local.gateway.LocalGateway;
import dev.polystack.local.gateway.RouteThrottles;
import dev.polystack.local.invoke.LambdaInvokeApi;
import dev.polystack.local.lake.LocalLake;
import dev.polystack.local.lambda.FunctionDefinition;
import dev.polystack.local.lambda.FunctionInvoker;
import dev.polystack.local.lambda.FunctionVariables;
import dev.polystack.local.lambda.InProcessFunctions;
import dev.polystack.local.lambda.LambdaRuntime;
import dev.polystack.local.lambda.LambdaSettings;
import dev.polystack.local.lambda.SamTemplate;
import dev.polystack.local.postgres.PostgresServer;
import dev.polystack.local.s3.LocalS3;
import dev.polystack.local.s3.ObjectCreated;
import dev.polystack.shared.Settings;
import dev.polystack.user.adapter.Argon2PasswordHasher;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The whole backend on loopback, in one process: PostgreSQL behind the Data API emulator, DynamoDB
 * Local, S3Proxy, and the local API gateway running every function of the route table. Used by
 * {@code local/start} and by the integration tests.
 *
 * <p>This class starts the parts in order and stops them in reverse; how it starts is a
 * {@link StackOptions}, what a deploy leaves behind is {@link Provisioning}, and what invokes a
 * function besides the gateway are the event sources of {@code dev.polystack.local.events}: S3's
 * notifications ({@code S3EventBus}, fed by S3Proxy or a {@code BucketPoller}) and the schedules
 * ({@link #schedules()}).
 */
public final class LocalBackend implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local-secret-key";
    public static final String TABLE = "polystack";
    public static final String BUCKET = "polystack-uploads";
    /** The recovery ledger's own table: outside the stores a recovery restores (docs/recovery.md). */
    public static final String LEDGER_TABLE = "polystack-recovery-ledger";

    public static final String DATABASE = "polystack";
    public static final String CLUSTER_ARN = "arn:aws:rds:us-east-1:000000000000:cluster:polystack-local";
    public static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:polystack-local";

    /** How long a commit may wait for its projection before the local relay steps in (30 s on AWS). */
    static final Duration LOCAL_OUTBOX_GRACE = Duration.ofSeconds(5);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final S3EventBus s3Events = new S3EventBus(REGION);
    private Schedules schedules;
    private LocalGateway gateway;
    private EdgeCache edge;
    /**
     * What CloudFront's origin custom header carries on AWS (a generated Secrets Manager value): new for each
     * stack, shared by the edge cache, which sends it, and the functions, which believe a viewer address beside it.
     */
    private final String edgeOriginSecret = newEdgeOriginSecret();

    private DataApiEmulator dataApi;
    private PostgresServer postgres;
    private URI dynamoEndpoint;
    private URI s3Endpoint;
    private AppContext app;
    private Settings settings;
    private SamTemplate template;
    private FunctionInvoker functions;
    private FunctionVariables functionVariables;
    private LambdaSettings lambdaSettings = LambdaSettings.forTests();
    private LambdaInvokeApi invokeApi;
    private FirehoseEmulator firehose;

    private LocalBackend() {}

    public static LocalBackend start(StackOptions options) {
        return start(options, LambdaSettings.forTests());
    }

    /** With the local Lambda service's own settings (local/start's --lambda-port, --concurrency, --snapstart). */
    public static LocalBackend start(StackOptions options, LambdaSettings lambda) {
        LocalBackend backend = new LocalBackend();
        backend.lambdaSettings = lambda;
        try {
            backend.startAll(options);
            return backend;
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /**
     * PostgreSQL (the slowest part to start) comes up on a thread of its own while DynamoDB Local and
     * S3Proxy start here; then the table and the bucket are created while the migration runs.
     */
    private void startAll(StackOptions options) {
        if (options.pointInTimeRecovery() && (external(options) || options.dataDir() != null)) {
            throw new StartupException(
                    "point-in-time recovery needs the stack's throwaway PostgreSQL: unset DATABASE_URL and --data-dir");
        }
        gateway = LocalGateway.bind(options.port());
        started.push(gateway);
        if (options.edgePort() != null) {
            // Its port is taken now, so a port in use fails before anything slow starts; it answers once the gateway
            // does.
            edge = EdgeCache.start(EdgePolicy.DEFAULT, gateway.endpoint(), options.edgePort(), edgeOriginSecret);
            started.push(edge);
        }
        ApiDocs.install(gateway);
        invokeApi = LambdaInvokeApi.bind(lambdaSettings.invokePort(), options.port());
        started.push(invokeApi);

        CompletableFuture<PostgresServer> postgresStarting = CompletableFuture.supplyAsync(
                () -> startPostgres(options), Executors.newSingleThreadExecutor(Threads.daemon("postgres-start")));
        try {
            startAwsStores(options);
        } catch (RuntimeException e) {
            closeOnceStarted(postgresStarting);
            throw e;
        }
        postgres = await(postgresStarting);
        started.push(postgres);
        dataApi = startDataApi(postgres);
        started.push(dataApi);
        firehose = LocalLake.startFirehose(s3Endpoint, REGION, ACCESS_KEY, SECRET_KEY);
        started.push(firehose);
        started.push(s3Events);

        settings = new Settings(environment());
        // In-process functions see the variables a test adds, as function processes do.
        Map<String, String> inProcess = new LinkedHashMap<>(settings.env());
        inProcess.putAll(options.functionVariables());
        app = new AppContext(
                options.functions() == StackOptions.FunctionMode.IN_PROCESS ? new Settings(inProcess) : settings,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)),
                options.interceptors(),
                options.testPasswordHashes() ? Argon2PasswordHasher.Cost.TESTS : Argon2PasswordHasher.Cost.OWASP);
        started.push(app.clients());
        template = SamTemplate.read(options.template() == null ? SamTemplate.locate() : options.template());
        functionVariables = new FunctionVariables(settings.env(), wiring(options));
        functions = options.functions() == StackOptions.FunctionMode.PROCESS
                ? new LambdaRuntime(
                        template,
                        lambdaSettings
                                .apply(functionVariables.config(lambdaSettings.concurrency(), options.functionLog()))
                                .withJvmOptions(options.functionJvmOptions()))
                : new InProcessFunctions(template, app);
        started.push(functions);
        template.triggers(FunctionDefinition.ObjectCreated.class)
                .forEach(trigger -> s3Events.subscribe(trigger.getKey().name(), trigger.getValue(), functions));

        CompletableFuture<Void> tableAndBucket = CompletableFuture.runAsync(
                () -> {
                    Provisioning.createTable(app, TABLE);
                    Provisioning.createTable(app, LEDGER_TABLE);
                    Provisioning.createBucket(app, BUCKET);
                    LocalLake.createBucket(app.clients().s3());
                },
                Executors.newSingleThreadExecutor(Threads.daemon("aws-stores-setup")));
        try {
            Provisioning.migrate(functions);
            Provisioning.seed(app, CLUSTER_ARN, SECRET_ARN, settings.dbName());
        } finally {
            await(tableAndBucket);
        }
        if (options.awsEndpoint() != null) {
            started.push(BucketPoller.start(app.clients().s3(), BUCKET, s3Events::announce));
        }
        schedules = Schedules.start(
                REGION,
                functions,
                template.triggers(FunctionDefinition.Schedule.class).stream()
                        .map(trigger -> trigger.getKey().name())
                        .distinct()
                        .toList(),
                options.relayEvery());
        started.push(schedules);
        gateway.throttles(new RouteThrottles(RouteThrottles.read(template.file()), System::nanoTime));
        gateway.start(routes(template), functions, template.authorizer().orElse(null));
        invokeApi.start(functions, template, S3EventBus.ASYNC_RETRY_DELAY, System.err::println);
    }

    private static PostgresServer startPostgres(StackOptions options) {
        if (external(options)) {
            return PostgresServer.fromUrl(options.databaseUrl());
        } else if (options.dataDir() != null) {
            return PostgresServer.startInDirectory(options.dataDir().resolve("postgres"), DATABASE);
        }
        return PostgresServer.startThrowaway(DATABASE, options.pointInTimeRecovery());
    }

    private static boolean external(StackOptions options) {
        return options.databaseUrl() != null && !options.databaseUrl().isBlank();
    }

    /** DynamoDB Local and S3Proxy, unless an AWS emulator (LocalStack, Floci) stands in for both. */
    private void startAwsStores(StackOptions options) {
        if (options.awsEndpoint() == null) {
            LocalDynamo dynamo = LocalDynamo.start(
                    options.dataDir() == null ? null : options.dataDir().resolve("dynamodb"));
            started.push(dynamo);
            dynamoEndpoint = dynamo.endpoint();
            LocalS3 s3 = LocalS3.start(
                    ACCESS_KEY,
                    SECRET_KEY,
                    options.dataDir() == null ? null : options.dataDir().resolve("s3"),
                    s3Events::announce);
            started.push(s3);
            s3Endpoint = s3.endpoint();
        } else {
            dynamoEndpoint = options.awsEndpoint();
            s3Endpoint = options.awsEndpoint();
        }
    }

    /** The started part's value, or the exception that stopped it, as thrown there. */
    private static <T> T await(CompletableFuture<T> starting) {
        try {
            return starting.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Another part failed: PostgreSQL is stopped as soon as it is up, so no cluster outlives a failed start. */
    private static void closeOnceStarted(CompletableFuture<PostgresServer> starting) {
        try {
            starting.join().close();
        } catch (RuntimeException alsoFailed) {
            // nothing started, nothing to stop
        }
    }

    /** What {@code sam local --env-vars} would add: where the local services are, the credentials Lambda would give the role, local tuning. */
    private Map<String, String> wiring(StackOptions options) {
        Map<String, String> wiring = new LinkedHashMap<>();
        settings.env().forEach((name, value) -> {
            if (name.startsWith("AWS_ENDPOINT_URL_")) {
                wiring.put(name, value);
            }
        });
        wiring.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        wiring.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        wiring.put("OUTBOX_GRACE", settings.env().get("OUTBOX_GRACE"));
        wiring.put("DATA_API_RETRY_BUDGET", settings.env().get("DATA_API_RETRY_BUDGET"));
        wiring.put("LAKE_STREAM", settings.env().get("LAKE_STREAM"));
        wiring.putAll(options.functionVariables());
        return wiring;
    }

    /** The HTTP API's routes, from the functions' HttpApi events. */
    public List<Route> routes() {
        return routes(template);
    }

    public SamTemplate template() {
        return template;
    }

    private static List<Route> routes(SamTemplate template) {
        return template.triggers(FunctionDefinition.HttpRoute.class).stream()
                .map(trigger -> new Route(
                        trigger.getValue().method(),
                        trigger.getValue().path(),
                        trigger.getKey().name(),
                        null,
                        trigger.getValue().authorized()))
                .toList();
    }

    private static DataApiEmulator startDataApi(PostgresServer postgres) {
        try {
            return DataApiEmulator.start(
                    new DataApiEmulator.Config(
                            CLUSTER_ARN,
                            SECRET_ARN,
                            postgres.database(),
                            postgres.host(),
                            postgres.port(),
                            postgres.user(),
                            postgres.password(),
                            Duration.ofMinutes(3),
                            Duration.ofSeconds(45)),
                    0);
        } catch (IOException e) {
            throw new StartupException("the Data API emulator did not start: " + e.getMessage(), e);
        }
    }

    /** The functions' environment: what {@link #exports()} tells a shell, and the local stack's own tunings. */
    private Map<String, String> environment() {
        Map<String, String> env = exports();
        env.put("OUTBOX_GRACE", LOCAL_OUTBOX_GRACE.toString());
        env.put("DATA_API_RETRY_BUDGET", Duration.ofSeconds(3).toString());
        env.put("SEARCH_LANGUAGE", "english");
        // No CDN here: product images come as presigned GETs of S3Proxy, which a browser loads as well.
        env.put("IMAGE_BASE_URL", "");
        env.put(EdgePolicy.ORIGIN_SECRET_VARIABLE, edgeOriginSecret);
        return env;
    }

    private static String newEdgeOriginSecret() {
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** What a function process started against this stack gets: for {@code local/invoke}. */
    public FunctionVariables functionVariables() {
        return functionVariables;
    }

    /** The functions as the gateway runs them, for tests that invoke one directly. */
    public FunctionInvoker functions() {
        return functions;
    }

    /** Lets a test watch the raw events the stack emits. */
    public void onObjectCreated(Consumer<ObjectCreated> listener) {
        s3Events.listen(listener);
    }

    /** The template's schedules: fired by a timer when {@link StackOptions#relayEvery()} is set, and on request. */
    public Schedules schedules() {
        return schedules;
    }

    /** The Lambda Invoke API ({@code AWS_ENDPOINT_URL_LAMBDA}). */
    public URI lambdaEndpoint() {
        return invokeApi.endpoint();
    }

    public URI gatewayEndpoint() {
        return gateway.endpoint();
    }

    /** The local edge cache in front of the gateway (CloudFront's part), if {@link StackOptions#edgePort()} asked for one. */
    public Optional<EdgeCache> edge() {
        return Optional.ofNullable(edge);
    }

    public Settings settings() {
        return settings;
    }

    public AppContext app() {
        return app;
    }

    /** The order lake's Firehose: tests flush it rather than wait for its buffer interval. */
    public FirehoseEmulator firehose() {
        return firehose;
    }

    public DataApiEmulator dataApi() {
        return dataApi;
    }

    /** A JDBC connection straight to the database the Data API emulator serves (for benchmarks that compare the two). */
    public java.sql.Connection connectToDatabase() throws java.sql.SQLException {
        return postgres.connect(postgres.database());
    }

    /** The PostgreSQL server the Data API emulator serves now (a restored one after {@link #switchPostgres}). */
    public PostgresServer postgres() {
        return postgres;
    }

    /**
     * Points the Data API emulator at {@code restored} (a cluster restored to a moment), as the stack is
     * switched to a restored Aurora cluster on AWS; the old server keeps running until the stack stops.
     */
    public void switchPostgres(PostgresServer restored) {
        started.push(restored);
        dataApi.pointAt(restored.host(), restored.port());
        postgres = restored;
    }

    /**
     * Runs {@code writes} with S3's event notifications held back: a restore's writes are not uploads
     * (on AWS a restore goes into a new bucket, which has no notifications).
     */
    public void withoutS3Events(Runnable writes) {
        s3Events.mute(writes);
    }

    /** The PostgreSQL server's version: 16.x, Aurora PostgreSQL's major, unless {@code DATABASE_URL} names another server. */
    public String postgresVersion() {
        return postgres.version();
    }

    /**
     * The variables that point the AWS CLI (v2.13 on reads {@code AWS_ENDPOINT_URL_<SERVICE>}), an SDK
     * or one's own code at this stack's stores, in the order {@code local/start} prints them as
     * {@code export} lines: endpoints, region, credentials, then the resource names the functions use.
     */
    public Map<String, String> exports() {
        Map<String, String> exports = new LinkedHashMap<>();
        exports.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoEndpoint.toString());
        exports.put("AWS_ENDPOINT_URL_S3", s3Endpoint.toString());
        exports.put("AWS_ENDPOINT_URL_RDS_DATA", dataApi.endpoint().toString());
        exports.put("AWS_ENDPOINT_URL_LAMBDA", invokeApi.endpoint().toString());
        exports.put("AWS_ENDPOINT_URL_FIREHOSE", firehose.endpoint().toString());
        exports.put("AWS_REGION", REGION);
        exports.put("AWS_DEFAULT_REGION", REGION);
        exports.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        exports.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        exports.put("TABLE_NAME", TABLE);
        exports.put("BUCKET_NAME", BUCKET);
        exports.put("LEDGER_TABLE", LEDGER_TABLE);
        exports.put("DB_CLUSTER_ARN", CLUSTER_ARN);
        exports.put("DB_SECRET_ARN", SECRET_ARN);
        exports.put("DB_NAME", postgres.database());
        exports.putAll(LocalLake.resourceNames());
        return exports;
    }

    public Map<String, URI> endpoints() {
        Map<String, URI> endpoints = new LinkedHashMap<>();
        endpoints.put("API (HTTP API gateway)", gateway.endpoint());
        endpoints.put("API docs (Swagger UI)", URI.create(gateway.endpoint() + "/docs"));
        if (edge != null) {
            endpoints.put("API through the edge cache", edge.endpoint());
        }
        endpoints.put("DynamoDB", dynamoEndpoint);
        endpoints.put("S3", s3Endpoint);
        endpoints.put("RDS Data API emulator", dataApi.endpoint());
        endpoints.put("Lambda Invoke API", invokeApi.endpoint());
        endpoints.put("Firehose emulator (order lake)", firehose.endpoint());
        return endpoints;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
    }
}
