package dev.polystack.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.polystack.app.AppContext;
import dev.polystack.app.RouteTable;
import dev.polystack.local.dataapi.DataApiEmulator;
import dev.polystack.order.handler.OutboxRelayHandler;
import dev.polystack.upload.handler.UploadCompletedHandler;
import dev.polystack.local.dynamo.LocalDynamo;
import dev.polystack.local.gateway.ApiDocs;
import dev.polystack.local.gateway.LocalContext;
import dev.polystack.local.gateway.LocalGateway;
import dev.polystack.local.postgres.PostgresServer;
import dev.polystack.local.s3.LocalS3;
import dev.polystack.local.s3.ObjectCreated;
import dev.polystack.local.s3.S3EventFactory;
import dev.polystack.migration.SqlScript;
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

    /**
     * How to start: gateway port (0 for any), optional data directory, optional external PostgreSQL,
     * and optionally an external AWS emulator (LocalStack, Floci) for DynamoDB and S3 instead of
     * DynamoDB Local and S3Proxy. Aurora always goes through this project's Data API emulator.
     */
    public record Options(int port, Path dataDir, String databaseUrl, List<ExecutionInterceptor> interceptors, Duration relayEvery, URI awsEndpoint) {
        /** Tests run the outbox relay themselves, so nothing heals behind their back. */
        public static Options forTests() {
            return new Options(0, null, System.getenv("DATABASE_URL"), List.of(), null, null);
        }

        public Options withInterceptors(List<ExecutionInterceptor> extra) {
            return new Options(port, dataDir, databaseUrl, extra, relayEvery, awsEndpoint);
        }

        public Options withAwsEndpoint(URI endpoint) {
            return new Options(port, dataDir, databaseUrl, interceptors, relayEvery, endpoint);
        }
    }

    /** How long a commit may wait for its projection before the local relay steps in (30 s on AWS). */
    static final Duration LOCAL_OUTBOX_GRACE = Duration.ofSeconds(5);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<Consumer<ObjectCreated>> objectListeners = new ArrayList<>();
    private final ExecutorService s3Events = Executors.newSingleThreadExecutor(Threads.daemon("s3-events"));
    private LocalGateway gateway;
    private DataApiEmulator dataApi;
    private PostgresServer postgres;
    private URI dynamoEndpoint;
    private URI s3Endpoint;
    private AppContext app;
    private Settings settings;

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

    private void startAll(Options options) {
        gateway = LocalGateway.bind(options.port(), RouteTable.ROUTES, LocalBackend::instantiate, RouteTable.AUTHORIZER);
        started.push(gateway);
        ApiDocs.install(gateway);

        if (options.databaseUrl() != null && !options.databaseUrl().isBlank()) {
            postgres = PostgresServer.fromUrl(options.databaseUrl());
        } else if (options.dataDir() != null) {
            postgres = PostgresServer.startInDirectory(options.dataDir().resolve("postgres"), DATABASE);
        } else {
            postgres = PostgresServer.startThrowaway(DATABASE);
        }
        started.push(postgres);
        dataApi = startDataApi(postgres);
        started.push(dataApi);

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
        started.push(s3Events::shutdownNow);

        settings = new Settings(environment());
        app = new AppContext(settings, StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)), options.interceptors());
        started.push(app.clients());
        AppContext.install(app);
        subscribeToUploads(UploadCompletedHandler.class, "UploadCompleted");

        createTable();
        createBucket();
        if (options.awsEndpoint() != null) {
            watchBucketForNewObjects();
        }
        app.migrations().migrate();
        seed();
        if (options.relayEvery() != null) {
            scheduleRelay(options.relayEvery());
        }
        gateway.start();
    }

    /** EventBridge runs the relay every minute on AWS; here a timer sends it the same scheduled event. */
    private void scheduleRelay(Duration every) {
        var timer = Executors.newSingleThreadScheduledExecutor(Threads.daemon("outbox-relay"));
        started.push(timer::shutdownNow);
        RequestStreamHandler relay = instantiate(OutboxRelayHandler.class);
        byte[] event = ("{\"version\":\"0\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                + "\"region\":\"" + REGION + "\",\"resources\":[\"arn:aws:events:us-east-1:000000000000:rule/outbox-relay\"],\"detail\":{}}")
                .getBytes(StandardCharsets.UTF_8);
        timer.scheduleWithFixedDelay(() -> {
            try {
                relay.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(),
                        new LocalContext(UUID.randomUUID().toString(), "OutboxRelay", 60_000));
            } catch (Exception e) {
                System.err.println("outbox relay failed: " + e);
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

    /** Lambda creates a handler with its public no-arg constructor; so does the local gateway. */
    private static RequestStreamHandler instantiate(Class<? extends RequestStreamHandler> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + type.getName(), e);
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

    /** Subscribes a function to the bucket's ObjectCreated events. */
    public void subscribeToUploads(Class<? extends RequestStreamHandler> handlerType, String function) {
        RequestStreamHandler handler = instantiate(handlerType);
        objectListeners.add(created -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(S3EventFactory.eventJson(created, REGION)), out,
                        new LocalContext(UUID.randomUUID().toString(), function, 30_000));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
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
        exports.put("AWS_REGION", REGION);
        exports.put("AWS_DEFAULT_REGION", REGION);
        exports.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        exports.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        exports.put("TABLE_NAME", TABLE);
        exports.put("BUCKET_NAME", BUCKET);
        exports.put("DB_CLUSTER_ARN", CLUSTER_ARN);
        exports.put("DB_SECRET_ARN", SECRET_ARN);
        exports.put("DB_NAME", postgres.database());
        return exports;
    }

    public Map<String, URI> endpoints() {
        Map<String, URI> endpoints = new LinkedHashMap<>();
        endpoints.put("API (HTTP API gateway)", gateway.endpoint());
        endpoints.put("API docs (Swagger UI)", URI.create(gateway.endpoint() + "/docs"));
        endpoints.put("DynamoDB", dynamoEndpoint);
        endpoints.put("S3", s3Endpoint);
        endpoints.put("RDS Data API emulator", dataApi.endpoint());
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
