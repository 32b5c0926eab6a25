package dev.polystack.local;

import dev.polystack.app.AppContext;
import dev.polystack.app.Route;
import dev.polystack.local.dataapi.DataApiEmulator;
import dev.polystack.local.firehose.FirehoseEmulator;
import dev.polystack.local.lake.LocalLake;
import dev.polystack.local.lambda.FunctionDefinition;
import dev.polystack.local.lambda.FunctionInvoker;
import dev.polystack.local.lambda.FunctionVariables;
import dev.polystack.local.lambda.InProcessFunctions;
import dev.polystack.local.lambda.Invocation;
import dev.polystack.local.lambda.LambdaRuntime;
import dev.polystack.local.lambda.SamTemplate;
import dev.polystack.local.dynamo.LocalDynamo;
import dev.polystack.local.gateway.ApiDocs;
import dev.polystack.local.gateway.LocalGateway;
import dev.polystack.local.postgres.PostgresServer;
import dev.polystack.local.s3.LocalS3;
import dev.polystack.local.s3.ObjectCreated;
import dev.polystack.local.s3.S3EventFactory;
import dev.polystack.migration.MigrationService;
import dev.polystack.migration.SqlScript;
import dev.polystack.migration.handler.MigrationHandler;
import dev.polystack.shared.Settings;
import dev.polystack.shared.adapter.DataApi;
import dev.polystack.shared.adapter.SingleTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * The whole backend on loopback, in one process: PostgreSQL behind the Data API emulator, DynamoDB
 * Local, S3Proxy, and the local API gateway running every function of the route table. Used by
 * {@code local/start} and by the integration tests.
 */
public final class LocalBackend implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local-secret-key";
    public static final String TABLE = "polystack";
    public static final String BUCKET = "polystack-uploads";
    public static final String DATABASE = "polystack";
    public static final String CLUSTER_ARN = "arn:aws:rds:us-east-1:000000000000:cluster:polystack-local";
    public static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:polystack-local";

    /** How functions run: each in its own JVM through the Runtime Interface Client (as on Lambda), or as method calls. */
    public enum FunctionMode { PROCESS, IN_PROCESS }

    /**
     * How to start: gateway port (0 for any), optional data directory, optional external PostgreSQL,
     * optionally an external AWS emulator (LocalStack, Floci) for DynamoDB and S3 instead of
     * DynamoDB Local and S3Proxy (Aurora always goes through this project's Data API emulator), how
     * functions run, the template they come from (null: the project's {@code template.yaml}), variables
     * the stack adds for every function, and where function processes' output goes.
     */
    public record Options(int port, Path dataDir, String databaseUrl, List<ExecutionInterceptor> interceptors, Duration relayEvery,
                          URI awsEndpoint, FunctionMode functions, Path template, Map<String, String> functionVariables,
                          Consumer<String> functionLog) {
        public Options {
            functionVariables = Map.copyOf(functionVariables);
        }

        /** local/start: functions as processes; the relay every 5 s (its template schedule is for AWS). */
        public static Options forCommandLine(int port, Path dataDir, URI awsEndpoint) {
            return new Options(port, dataDir, System.getenv("DATABASE_URL"), List.of(), Duration.ofSeconds(5), awsEndpoint,
                    FunctionMode.PROCESS, null, Map.of(), System.out::println);
        }

        /** Tests run the outbox relay themselves, so nothing heals behind their back. */
        public static Options forTests() {
            return new Options(0, null, System.getenv("DATABASE_URL"), List.of(), null, null, FunctionMode.IN_PROCESS, null,
                    Map.of(), line -> { });
        }

        public Options withPort(int newPort) {
            return new Options(newPort, dataDir, databaseUrl, interceptors, relayEvery, awsEndpoint, functions, template, functionVariables, functionLog);
        }

        public Options withDataDir(Path directory) {
            return new Options(port, directory, databaseUrl, interceptors, relayEvery, awsEndpoint, functions, template, functionVariables, functionLog);
        }

        public Options withDatabaseUrl(String url) {
            return new Options(port, dataDir, url, interceptors, relayEvery, awsEndpoint, functions, template, functionVariables, functionLog);
        }

        public Options withInterceptors(List<ExecutionInterceptor> extra) {
            return new Options(port, dataDir, databaseUrl, extra, relayEvery, awsEndpoint, functions, template, functionVariables, functionLog);
        }

        public Options withAwsEndpoint(URI endpoint) {
            return new Options(port, dataDir, databaseUrl, interceptors, relayEvery, endpoint, functions, template, functionVariables, functionLog);
        }

        public Options withFunctions(FunctionMode mode, Path templateFile, Consumer<String> log) {
            return new Options(port, dataDir, databaseUrl, interceptors, relayEvery, awsEndpoint, mode, templateFile, functionVariables, log);
        }

        public Options withRelayEvery(Duration every) {
            return new Options(port, dataDir, databaseUrl, interceptors, every, awsEndpoint, functions, template, functionVariables, functionLog);
        }

        public Options withFunctionVariables(Map<String, String> variables) {
            return new Options(port, dataDir, databaseUrl, interceptors, relayEvery, awsEndpoint, functions, template, variables, functionLog);
        }
    }

    /** How long a commit may wait for its projection before the local relay steps in (30 s on AWS). */
    static final Duration LOCAL_OUTBOX_GRACE = Duration.ofSeconds(5);
    /** Lambda's default concurrency is far higher; a laptop is not. */
    static final int MAX_ENVIRONMENTS_PER_FUNCTION = 4;
    static final String MIGRATION_FUNCTION = "Migrate";
    /** Lambda retries a failed asynchronous invocation twice. */
    static final int ASYNC_RETRIES = 2;
    static final Duration ASYNC_RETRY_DELAY = Duration.ofSeconds(1);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<Consumer<ObjectCreated>> objectListeners = new ArrayList<>();
    private final ExecutorService s3Events = Executors.newSingleThreadExecutor(Threads.daemon("s3-events"));
    private final java.util.concurrent.ScheduledExecutorService asyncRetries = Executors.newSingleThreadScheduledExecutor(Threads.daemon("async-retries"));
    private LocalGateway gateway;
    private DataApiEmulator dataApi;
    private PostgresServer postgres;
    private URI dynamoEndpoint;
    private URI s3Endpoint;
    private AppContext app;
    private Settings settings;
    private SamTemplate template;
    private FunctionInvoker functions;
    private FunctionVariables functionVariables;
    private FirehoseEmulator firehose;

    static {
        // The JDK's HTTP server (gateway, Data API emulator, runtime API) otherwise meets the clients'
        // delayed ACKs with Nagle's algorithm: about 40 ms on every small response.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private LocalBackend() {
    }

    public static LocalBackend start(Options options) {
        LocalBackend backend = new LocalBackend();
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
    private void startAll(Options options) {
        gateway = LocalGateway.bind(options.port());
        started.push(gateway);
        ApiDocs.install(gateway);

        CompletableFuture<PostgresServer> postgresStarting = CompletableFuture.supplyAsync(() -> startPostgres(options),
                Executors.newSingleThreadExecutor(Threads.daemon("postgres-start")));
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
        started.push(s3Events::shutdownNow);
        started.push(asyncRetries::shutdownNow);

        settings = new Settings(environment());
        // In-process functions see the variables a test adds, as function processes do.
        Map<String, String> inProcess = new LinkedHashMap<>(settings.env());
        inProcess.putAll(options.functionVariables());
        app = new AppContext(options.functions() == FunctionMode.IN_PROCESS ? new Settings(inProcess) : settings, StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)), options.interceptors());
        started.push(app.clients());
        template = SamTemplate.read(options.template() == null ? SamTemplate.locate() : options.template());
        functionVariables = new FunctionVariables(settings.env(), wiring(options));
        functions = options.functions() == FunctionMode.PROCESS
                ? new LambdaRuntime(template, functionVariables.config(MAX_ENVIRONMENTS_PER_FUNCTION, options.functionLog()))
                : new InProcessFunctions(template, app);
        started.push(functions);
        // Each of a function's S3 notifications has its own key prefix, filtered here as S3 does (an export under exports/ reaches no function).
        template.triggers(FunctionDefinition.ObjectCreated.class).forEach(trigger -> subscribeToUploads(trigger.getKey().name(), trigger.getValue()));

        CompletableFuture<Void> tableAndBucket = CompletableFuture.runAsync(() -> {
            createTable();
            createBucket();
            LocalLake.createBucket(app.clients().s3());
        }, Executors.newSingleThreadExecutor(Threads.daemon("aws-stores-setup")));
        try {
            migrate();
            seed();
        } finally {
            await(tableAndBucket);
        }
        if (options.awsEndpoint() != null) {
            watchBucketForNewObjects();
        }
        if (options.relayEvery() != null) {
            template.triggers(FunctionDefinition.Schedule.class).forEach(trigger -> schedule(trigger.getKey().name(), options.relayEvery()));
        }
        gateway.start(routes(template), functions, template.authorizer().orElse(null));
    }

    private static PostgresServer startPostgres(Options options) {
        if (options.databaseUrl() != null && !options.databaseUrl().isBlank()) {
            return PostgresServer.fromUrl(options.databaseUrl());
        } else if (options.dataDir() != null) {
            return PostgresServer.startInDirectory(options.dataDir().resolve("postgres"), DATABASE);
        }
        return PostgresServer.startThrowaway(DATABASE);
    }

    /** DynamoDB Local and S3Proxy, unless an AWS emulator (LocalStack, Floci) stands in for both. */
    private void startAwsStores(Options options) {
        if (options.awsEndpoint() == null) {
            LocalDynamo dynamo = LocalDynamo.start(options.dataDir() == null ? null : options.dataDir().resolve("dynamodb"));
            started.push(dynamo);
            dynamoEndpoint = dynamo.endpoint();
            LocalS3 s3 = LocalS3.start(ACCESS_KEY, SECRET_KEY, options.dataDir() == null ? null : options.dataDir().resolve("s3"), this::announce);
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
    private Map<String, String> wiring(Options options) {
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
                .map(trigger -> new Route(trigger.getValue().method(), trigger.getValue().path(), trigger.getKey().name(), null,
                        trigger.getValue().authorized()))
                .toList();
    }

    /** What CloudFormation does on a deploy: the migration custom resource's Create, through the migration function. */
    private void migrate() {
        String event = "{\"RequestType\":\"Create\",\"ServiceToken\":\"local\",\"ResourceType\":\"Custom::SchemaMigration\","
                + "\"LogicalResourceId\":\"SchemaMigration\",\"StackId\":\"local\",\"RequestId\":\"" + UUID.randomUUID()
                + "\",\"ResourceProperties\":{\"ServiceToken\":\"local\",\"" + MigrationHandler.CHECKSUM_PROPERTY + "\":\""
                + MigrationService.checksum(MigrationService.fromClasspath()) + "\"}}";
        Invocation outcome = functions.invoke(MIGRATION_FUNCTION, event.getBytes(StandardCharsets.UTF_8), UUID.randomUUID().toString());
        if (outcome.failed() || !outcome.payloadText().contains("\"applied\"")) {
            throw new StartupException("the schema migration failed: " + outcome.payloadText());
        }
    }

    /** EventBridge runs a scheduled function on AWS; here a timer sends it the same scheduled event. */
    private void schedule(String function, Duration every) {
        var timer = Executors.newSingleThreadScheduledExecutor(Threads.daemon("schedule-" + function));
        started.push(timer::shutdownNow);
        byte[] event = ("{\"version\":\"0\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                + "\"region\":\"" + REGION + "\",\"resources\":[\"arn:aws:events:us-east-1:000000000000:rule/" + function + "\"],\"detail\":{}}")
                .getBytes(StandardCharsets.UTF_8);
        timer.scheduleWithFixedDelay(() -> {
            Invocation outcome = functions.invoke(function, event, UUID.randomUUID().toString());
            if (outcome.failed()) {
                System.err.println(function + " failed: " + outcome.payloadText());
            }
        }, every.toMillis(), every.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private static DataApiEmulator startDataApi(PostgresServer postgres) {
        try {
            return DataApiEmulator.start(new DataApiEmulator.Config(CLUSTER_ARN, SECRET_ARN, postgres.database(),
                    postgres.host(), postgres.port(), postgres.user(), postgres.password(),
                    Duration.ofMinutes(3), Duration.ofSeconds(45)), 0);
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
        return env;
    }

    /** Idempotent, for a data directory kept from an earlier start. */
    private void createTable() {
        var dynamoClient = app.clients().dynamo();
        try {
            dynamoClient.createTable(SingleTable.createRequest(TABLE));
        } catch (ResourceInUseException exists) {
            return;
        }
        dynamoClient.updateTimeToLive(b -> b.tableName(TABLE).timeToLiveSpecification(
                TimeToLiveSpecification.builder().enabled(true).attributeName(SingleTable.TTL_ATTRIBUTE).build()));
    }

    /** S3Proxy serves the CORS rules it was started with (any origin; GET, HEAD, PUT, POST) for every bucket. */
    private void createBucket() {
        try {
            app.clients().s3().createBucket(b -> b.bucket(BUCKET));
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException exists) {
            // kept from an earlier start with --data-dir
        }
    }

    private void seed() {
        String sql;
        try (InputStream in = LocalBackend.class.getResourceAsStream("/seed/products.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var db = new DataApi(app.clients().rdsData(), CLUSTER_ARN, SECRET_ARN, settings.dbName());
        for (String statement : SqlScript.statements(sql)) {
            db.execute(statement);
        }
    }

    /**
     * An external emulator's S3 cannot invoke functions in this process, so new objects are found
     * by listing the bucket and announced like S3Proxy's, a moment later.
     */
    private void watchBucketForNewObjects() {
        var watcher = Executors.newSingleThreadScheduledExecutor(Threads.daemon("s3-watch"));
        started.push(watcher::shutdownNow);
        Map<String, String> seen = new java.util.concurrent.ConcurrentHashMap<>();
        watcher.scheduleWithFixedDelay(() -> {
            try {
                app.clients().s3().listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().forEach(object -> {
                    if (!object.eTag().equals(seen.put(object.key(), object.eTag()))) {
                        announce(new ObjectCreated("ObjectCreated:Put", BUCKET, object.key(), object.size(), object.eTag().replace("\"", "")));
                    }
                });
            } catch (RuntimeException e) {
                System.err.println("bucket watch failed: " + e);
            }
        }, 300, 300, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Delivers an S3 ObjectCreated event to each subscriber, asynchronously, as S3 does. */
    private void announce(ObjectCreated created) {
        List<Consumer<ObjectCreated>> listeners = List.copyOf(objectListeners);
        s3Events.submit(() -> listeners.forEach(listener -> {
            try {
                listener.accept(created);
            } catch (RuntimeException e) {
                System.err.println("S3 event subscriber failed for " + created.key() + ": " + e);
            }
        }));
    }

    /** Subscribes a function to the bucket's ObjectCreated events under the trigger's prefix (S3 invokes it asynchronously). */
    private void subscribeToUploads(String function, FunctionDefinition.ObjectCreated trigger) {
        objectListeners.add(created -> {
            if (trigger.matches(created.key())) {
                deliver(function, S3EventFactory.eventJson(created, REGION), created.key(), 1);
            }
        });
    }

    /**
     * An asynchronous invocation, retried as Lambda retries one that fails (twice; on AWS after about
     * 1 and 2 minutes, here after {@link #ASYNC_RETRY_DELAY} and twice that), then given up (on AWS:
     * to the on-failure queue).
     */
    private void deliver(String function, byte[] event, String key, int attempt) {
        Invocation outcome = functions.invoke(function, event, UUID.randomUUID().toString());
        if (!outcome.failed()) {
            return;
        }
        if (attempt > ASYNC_RETRIES) {
            System.err.println(function + " failed for " + key + " after " + attempt + " attempts, given up: " + outcome.payloadText());
            return;
        }
        asyncRetries.schedule(() -> deliver(function, event, key, attempt + 1), ASYNC_RETRY_DELAY.toMillis() * attempt,
                java.util.concurrent.TimeUnit.MILLISECONDS);
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
        objectListeners.add(listener);
    }

    public URI gatewayEndpoint() {
        return gateway.endpoint();
    }

    public Settings settings() {
        return settings;
    }

    public AppContext app() {
        return app;
    }

    public DataApiEmulator dataApi() {
        return dataApi;
    }

    /** The order lake's Firehose: tests flush it rather than wait for its buffer interval. */
    public FirehoseEmulator firehose() {
        return firehose;
    }

    /** A JDBC connection straight to the database the Data API emulator serves (for benchmarks that compare the two). */
    public java.sql.Connection connectToDatabase() throws java.sql.SQLException {
        return postgres.connect(postgres.database());
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
        exports.put("AWS_ENDPOINT_URL_FIREHOSE", firehose.endpoint().toString());
        exports.put("AWS_REGION", REGION);
        exports.put("AWS_DEFAULT_REGION", REGION);
        exports.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        exports.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        exports.put("TABLE_NAME", TABLE);
        exports.put("BUCKET_NAME", BUCKET);
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
        endpoints.put("DynamoDB", dynamoEndpoint);
        endpoints.put("S3", s3Endpoint);
        endpoints.put("RDS Data API emulator", dataApi.endpoint());
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
