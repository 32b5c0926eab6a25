package dev.polystack.app;

import dev.polystack.account.ErasureService;
import dev.polystack.account.adapter.DynamoAccountStore;
import dev.polystack.account.adapter.RdsDataOrderHistory;
import dev.polystack.account.adapter.S3AccountObjects;
import dev.polystack.catalog.CatalogService;
import dev.polystack.catalog.ImageUrls;
import dev.polystack.catalog.adapter.CdnImageUrls;
import dev.polystack.catalog.adapter.PresignedImageUrls;
import dev.polystack.catalog.adapter.RdsDataProductRepository;
import dev.polystack.health.HealthService;
import dev.polystack.health.adapter.DataApiProbe;
import dev.polystack.health.adapter.DynamoTableProbe;
import dev.polystack.health.adapter.S3BucketProbe;
import dev.polystack.http.EdgeOrigin;
import dev.polystack.lake.LakeDelivery;
import dev.polystack.lake.adapter.DynamoCustomerSecrets;
import dev.polystack.lake.adapter.FirehoseLakeStream;
import dev.polystack.lake.adapter.RdsDataLakeOutbox;
import dev.polystack.migration.MigrationService;
import dev.polystack.migration.adapter.RdsDataMigrationTarget;
import dev.polystack.order.OrderService;
import dev.polystack.order.OutboxRelay;
import dev.polystack.order.adapter.DynamoOrderReadModel;
import dev.polystack.order.adapter.RdsDataOrderRepository;
import dev.polystack.recovery.LedgerEntry;
import dev.polystack.recovery.RecoveryLedger;
import dev.polystack.recovery.RecoveryService;
import dev.polystack.recovery.RecoveryTargets;
import dev.polystack.recovery.adapter.DynamoRecoveryLedger;
import dev.polystack.session.LoginLimits;
import dev.polystack.session.RoleService;
import dev.polystack.session.SessionService;
import dev.polystack.session.adapter.DynamoSessionStore;
import dev.polystack.shared.Lazy;
import dev.polystack.shared.Priming;
import dev.polystack.shared.Settings;
import dev.polystack.shared.adapter.AwsClients;
import dev.polystack.shared.adapter.DataApi;
import dev.polystack.shared.adapter.DynamoRateLimiter;
import dev.polystack.upload.ProductImages;
import dev.polystack.upload.UploadMethod;
import dev.polystack.upload.UploadPolicy;
import dev.polystack.upload.UploadRequest;
import dev.polystack.upload.UploadService;
import dev.polystack.upload.adapter.DynamoUploadRepository;
import dev.polystack.upload.adapter.S3UploadSigner;
import dev.polystack.upload.adapter.S3UploadStorage;
import dev.polystack.user.AccountExport;
import dev.polystack.user.AccountRecords;
import dev.polystack.user.ExportService;
import dev.polystack.user.PasswordHasher;
import dev.polystack.user.SignUpLimits;
import dev.polystack.user.UserService;
import dev.polystack.user.adapter.Argon2PasswordHasher;
import dev.polystack.user.adapter.DynamoUserRepository;
import dev.polystack.user.adapter.S3ExportStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The composition root: wires each use case to its adapters, once per process. Handlers' no-arg
 * constructors (the ones Lambda calls) take their service from {@link #fromEnvironment()}; tests and
 * the local stack pass their own.
 * Everything is built on first use, so a function pays only for the clients it needs.
 */
public final class AppContext {
    /** The user and the session token hash the write primers name: no account or session has them. */
    private static final String PRIMING_USER = "00000000-0000-4000-8000-000000000000";

    private static final String PRIMING_TOKEN_HASH = "0".repeat(64);

    private final Settings settings;
    private final AwsClients clients;
    private final Lazy<DataApi> dataApi;
    private final Lazy<HealthService> health;
    private final Lazy<HealthService> deepHealth;
    private final Lazy<CatalogService> catalog;
    private final Lazy<DynamoUserRepository> userRepository;
    private final Lazy<PasswordHasher> passwordHasher;
    private final EdgeOrigin edgeOrigin;
    private final Lazy<DynamoRateLimiter> rateLimiter;
    private final Lazy<UserService> users;
    private final Lazy<DynamoSessionStore> sessionStore;
    private final Lazy<SessionService> sessions;
    private final Lazy<RoleService> roles;
    private final Lazy<RdsDataOrderRepository> orderRepository;
    private final Lazy<DynamoOrderReadModel> orderReadModel;
    private final Lazy<OrderService> orders;
    private final Lazy<UploadService> uploads;
    private final Lazy<ExportService> exports;
    private final Lazy<ErasureService> erasure;
    private final Lazy<RecoveryLedger> recoveryLedger;

    public AppContext(Settings settings, AwsCredentialsProvider credentials, List<ExecutionInterceptor> interceptors) {
        this(settings, credentials, interceptors, Argon2PasswordHasher.Cost.OWASP);
    }

    /**
     * With passwords hashed at {@code passwordCost}: {@link Argon2PasswordHasher.Cost#OWASP} everywhere but the
     * local stack's in-process test functions.
     */
    public AppContext(
            Settings settings,
            AwsCredentialsProvider credentials,
            List<ExecutionInterceptor> interceptors,
            Argon2PasswordHasher.Cost passwordCost) {
        this.settings = settings;
        this.passwordHasher = new Lazy<>(() -> new Argon2PasswordHasher(passwordCost));
        this.edgeOrigin = EdgeOrigin.from(settings);
        this.clients = new AwsClients(settings, credentials, interceptors);
        this.dataApi = new Lazy<>(() -> new DataApi(
                clients.rdsData(),
                settings.dbClusterArn(),
                settings.dbSecretArn(),
                settings.dbName(),
                settings.duration("DATA_API_RETRY_BUDGET", DataApi.DEFAULT_RETRY_BUDGET)));
        this.health = new Lazy<>(() -> new HealthService(List.of(
                new DynamoTableProbe(clients.dynamo(), settings.tableName()),
                new S3BucketProbe(clients.s3(), settings.bucketName()))));
        this.deepHealth = new Lazy<>(() -> new HealthService(List.of(
                new DynamoTableProbe(clients.dynamo(), settings.tableName()),
                new S3BucketProbe(clients.s3(), settings.bucketName()),
                new DataApiProbe(dataApi.get()))));
        this.catalog = new Lazy<>(() -> new CatalogService(
                new RdsDataProductRepository(
                        dataApi.get(),
                        settings.optional("SEARCH_LANGUAGE").orElse(RdsDataProductRepository.DEFAULT_LANGUAGE)),
                imageUrls(settings, clients)));
        this.userRepository = new Lazy<>(() -> new DynamoUserRepository(
                clients.dynamo(),
                clients.enhanced(),
                settings.tableName(),
                DynamoOrderReadModel.ITEMS,
                DynamoUploadRepository.ITEMS));
        this.rateLimiter = new Lazy<>(() -> new DynamoRateLimiter(clients.dynamo(), settings.tableName()));
        this.recoveryLedger = new Lazy<>(() -> {
            // A real entry would be kept: before a snapshot the revocation's entry is written and answered in the
            // process only.
            AwsClients.prime(
                    "ledger.record.answered",
                    () -> new DynamoRecoveryLedger(clients.answeredDynamo(), settings.ledgerTableName())
                            .record(LedgerEntry.sessionEnded(PRIMING_USER, PRIMING_TOKEN_HASH, Instant.now())));
            return new DynamoRecoveryLedger(clients.dynamo(), settings.ledgerTableName());
        });
        this.sessionStore = new Lazy<>(() -> {
            DynamoSessionStore store =
                    new DynamoSessionStore(clients.enhanced(), clients.dynamo(), settings.tableName());
            // The logout's delete of a session no token has: DynamoDB refuses its condition (nothing is deleted),
            // then the same delete succeeds in the process only.
            AwsClients.prime("sessions.delete", () -> store.delete(PRIMING_TOKEN_HASH, PRIMING_USER));
            AwsClients.prime(
                    "sessions.delete.answered",
                    () -> new DynamoSessionStore(
                                    clients.answeredEnhanced(), clients.answeredDynamo(), settings.tableName())
                            .delete(PRIMING_TOKEN_HASH, PRIMING_USER));
            // Logging out everywhere pages through the user's session pointers: a user with none, so no delete follows.
            AwsClients.prime("sessions.revokeAll", () -> store.revokeAll(PRIMING_USER, null));
            return store;
        });
        this.users = new Lazy<>(() -> new UserService(
                userRepository.get(),
                passwordHasher.get(),
                Clock.systemUTC(),
                rateLimiter.get(),
                new SignUpLimits(
                        (int) settings.number("SIGNUPS_PER_IP", SignUpLimits.DEFAULT.perSourceAddress()),
                        settings.duration("SIGNUP_LIMIT_WINDOW", SignUpLimits.DEFAULT.window()))));
        this.sessions = new Lazy<>(() -> new SessionService(
                userRepository.get(),
                sessionStore.get(),
                passwordHasher.get(),
                Clock.systemUTC(),
                settings.duration("SESSION_TTL", SessionService.DEFAULT_LIFETIME),
                rateLimiter.get(),
                loginLimits(settings),
                recoveryLedger.get()));
        this.roles = new Lazy<>(() ->
                new RoleService(userRepository.get(), sessionStore.get(), Clock.systemUTC(), recoveryLedger.get()));
        this.orderRepository = new Lazy<>(() -> new RdsDataOrderRepository(dataApi.get()));
        this.orderReadModel = new Lazy<>(() -> new DynamoOrderReadModel(clients.dynamo(), settings.tableName()));
        this.orders = new Lazy<>(() -> new OrderService(orderRepository.get(), orderReadModel.get()));
        this.uploads = new Lazy<>(() -> {
            S3UploadSigner signer = new S3UploadSigner(
                    clients.s3Presigner(),
                    clients.s3().utilities(),
                    credentials,
                    settings.bucketName(),
                    settings.region());
            S3UploadStorage storage = new S3UploadStorage(clients.s3(), settings.bucketName());
            UploadPolicy policy = uploadPolicy(settings);
            ProductImages products = productImages();
            // The whole use case (new id, signature, record) for each method, its record written and answered in the
            // process only: a real one would be stored.
            AwsClients.prime("uploads.create.answered", () -> {
                UploadService rehearsal = new UploadService(
                        new DynamoUploadRepository(
                                clients.answeredDynamo(),
                                clients.answeredEnhanced(),
                                settings.tableName(),
                                Clock.systemUTC()),
                        signer,
                        storage,
                        policy,
                        Clock.systemUTC(),
                        products);
                for (UploadMethod method : UploadMethod.values()) {
                    rehearsal.create(
                            PRIMING_USER,
                            UploadRequest.of("priming.png", "image/png", 1L, method.name(), null, policy));
                }
            });
            return new UploadService(
                    new DynamoUploadRepository(
                            clients.dynamo(), clients.enhanced(), settings.tableName(), Clock.systemUTC()),
                    signer,
                    storage,
                    policy,
                    Clock.systemUTC(),
                    products);
        });
        this.exports = new Lazy<>(() -> new ExportService(
                userRepository.get(),
                accountRecords(),
                new S3ExportStore(clients.s3(), clients.s3Presigner(), settings.bucketName()),
                Clock.systemUTC(),
                settings.duration("EXPORT_URL_TTL", ExportService.DEFAULT_URL_LIFETIME)));
        this.erasure = new Lazy<>(() -> new ErasureService(
                userRepository.get(),
                passwordHasher.get(),
                rateLimiter.get(),
                loginLimits(settings),
                new DynamoAccountStore(clients.dynamo(), clients.enhanced(), settings.tableName()),
                new S3AccountObjects(clients.s3(), settings.bucketName()),
                new RdsDataOrderHistory(dataApi.get()),
                Clock.systemUTC(),
                settings.duration("ERASURE_GRACE", ErasureService.DEFAULT_GRACE),
                recoveryLedger.get()));
    }

    /** One set of limits for everything that checks a password: logins and erasures count against the same windows. */
    static LoginLimits loginLimits(Settings settings) {
        return new LoginLimits(
                (int) settings.number("LOGIN_FAILURES_PER_ACCOUNT", LoginLimits.DEFAULT.perAccount()),
                (int) settings.number(
                        "LOGIN_FAILING_ACCOUNTS_PER_IP", LoginLimits.DEFAULT.failingAccountsPerSourceAddress()),
                settings.duration("LOGIN_LIMIT_WINDOW", LoginLimits.DEFAULT.window()));
    }

    /**
     * The context a function builds from its own environment, once per process: on Lambda a process
     * runs one handler, whose no-arg constructor calls this. The local stack builds its own contexts.
     */
    public static AppContext fromEnvironment() {
        return FromEnvironment.CONTEXT;
    }

    private static final class FromEnvironment {
        static final AppContext CONTEXT =
                new AppContext(Settings.fromProcess(), AwsClients.lambdaCredentials(), List.of());
    }

    /** Whether a request came through the stack's CloudFront distribution, and then whose address it carries. */
    public EdgeOrigin edgeOrigin() {
        return edgeOrigin;
    }

    public Settings settings() {
        return settings;
    }

    public AwsClients clients() {
        return clients;
    }

    /** The public liveness check: DynamoDB and S3 only, so no caller can wake or load Aurora through it. */
    public HealthService health() {
        return health.get();
    }

    /** Every store, Aurora included: for operators and deploy checks, invoked with AWS credentials. */
    public HealthService deepHealth() {
        return deepHealth.get();
    }

    public CatalogService catalog() {
        return catalog.get();
    }

    public UserService users() {
        return users.get();
    }

    public SessionService sessions() {
        return sessions.get();
    }

    public RoleService roles() {
        return roles.get();
    }

    /** Through the CDN when the deployment has one (IMAGE_BASE_URL), else presigned GETs (the local stack). */
    static ImageUrls imageUrls(Settings settings, AwsClients clients) {
        return settings.optional("IMAGE_BASE_URL")
                .<ImageUrls>map(CdnImageUrls::new)
                .orElseGet(() -> new PresignedImageUrls(clients.s3Presigner(), settings.bucketName()));
    }

    /** Product images reach the catalogue through its use cases; the upload context knows no more of it. */
    private ProductImages productImages() {
        if (Priming.enabled()) {
            // Under SnapStart the catalogue's Data API client is built (and primed) before the snapshot, not at first
            // use.
            catalog();
        }
        return new ProductImages() {
            @Override
            public boolean exists(String productId) {
                return catalog().exists(productId);
            }

            @Override
            public Optional<String> attach(String productId, String key) {
                return catalog().attachImage(productId, key);
            }
        };
    }

    /** The orders (from PostgreSQL) and uploads of a user, through their contexts' use cases, as the export shows them. */
    private AccountRecords accountRecords() {
        return new AccountRecords() {
            @Override
            public List<AccountExport.Order> orders(String userId) {
                return AppContext.this.orders().history(userId).stream()
                        .map(o -> new AccountExport.Order(
                                o.orderId(),
                                o.status(),
                                o.totalCents(),
                                o.items().stream()
                                        .map(i -> new AccountExport.Order.Item(
                                                i.productId(), i.sku(), i.quantity(), i.unitPriceCents()))
                                        .toList(),
                                o.createdAt()))
                        .toList();
            }

            @Override
            public List<AccountExport.Upload> uploads(String userId) {
                return AppContext.this.uploads().all(userId).stream()
                        .map(u -> new AccountExport.Upload(
                                u.uploadId(),
                                u.fileName(),
                                u.contentType(),
                                u.contentLength(),
                                u.status().name(),
                                u.rejectionReason(),
                                u.createdAt().toString()))
                        .toList();
            }
        };
    }

    public ExportService exports() {
        return exports.get();
    }

    static UploadPolicy uploadPolicy(Settings settings) {
        Set<String> types = settings.optional("UPLOAD_CONTENT_TYPES")
                .map(list -> Arrays.stream(list.split(","))
                        .map(String::strip)
                        .filter(t -> !t.isEmpty())
                        .collect(Collectors.toSet()))
                .orElse(UploadPolicy.DEFAULT_CONTENT_TYPES);
        return new UploadPolicy(
                types,
                settings.number("UPLOAD_MAX_BYTES", UploadPolicy.DEFAULT_MAX_BYTES),
                settings.duration("UPLOAD_URL_TTL", UploadPolicy.DEFAULT_URL_LIFETIME));
    }

    public UploadService uploads() {
        return uploads.get();
    }

    public OrderService orders() {
        return orders.get();
    }

    public OutboxRelay outboxRelay() {
        return new OutboxRelay(
                orderRepository.get(),
                orderReadModel.get(),
                settings.duration("OUTBOX_GRACE", OutboxRelay.DEFAULT_GRACE),
                lakeDelivery());
    }

    /** The order lake's delivery, where the deployment has a lake (LAKE_STREAM names its Firehose stream). */
    public Optional<LakeDelivery> lakeDelivery() {
        return settings.optional("LAKE_STREAM")
                .map(stream -> new LakeDelivery(
                        new RdsDataLakeOutbox(dataApi.get()),
                        new DynamoCustomerSecrets(clients.dynamo(), settings.tableName()),
                        new FirehoseLakeStream(clients.firehose(), stream),
                        LakeDelivery.DEFAULT_BACKOFF));
    }

    /** The security changes a restore must re-apply, in their own table (LEDGER_TABLE). */
    public RecoveryLedger recoveryLedger() {
        return recoveryLedger.get();
    }

    /** Recover to T, after the stores were restored: the operator function Recover. */
    public RecoveryService recovery() {
        return new RecoveryService(recoveryLedger.get(), recoveryTargets(), Clock.systemUTC());
    }

    /** What a recovery changes, through each context's own use cases. */
    private RecoveryTargets recoveryTargets() {
        return new RecoveryTargets() {
            @Override
            public int reprojectOrdersSince(java.time.Instant from) {
                return new dev.polystack.order.OutboxRelay(
                                orderRepository.get(), orderReadModel.get(), java.time.Duration.ZERO)
                        .reprojectSince(from);
            }

            @Override
            public int deleteOrphanedUploadObjects() {
                return uploads().deleteOrphanedObjects();
            }

            @Override
            public void endSession(String userId, String tokenHash) {
                sessions().endAgain(userId, tokenHash);
            }

            @Override
            public void endSessions(String userId) {
                sessions().endAllAgain(userId);
            }

            @Override
            public boolean forcePasswordResetUnless(String userId, String newHashFingerprint) {
                return sessions().forcePasswordResetUnless(userId, newHashFingerprint);
            }

            @Override
            public void revokeRole(String userId, String roleWireName) {
                roles().revokeAgain(userId, dev.polystack.shared.Role.parse(roleWireName));
            }

            @Override
            public void erase(String userId, java.time.Instant acceptedAt) {
                erasure().eraseAgain(userId, acceptedAt);
            }
        };
    }

    /** DELETE /users/me and the scheduled pickup of erasures. */
    public ErasureService erasure() {
        return erasure.get();
    }

    public MigrationService migrations() {
        return new MigrationService(new RdsDataMigrationTarget(dataApi.get()), MigrationService.fromClasspath());
    }
}
