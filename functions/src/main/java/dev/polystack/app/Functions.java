package dev.polystack.app;

import static dev.polystack.app.Access.ACCOUNT_OBJECTS_DELETE;
import static dev.polystack.app.Access.ACCOUNT_OBJECTS_LIST;
import static dev.polystack.app.Access.BUCKET_LIST;
import static dev.polystack.app.Access.DATA_API_STATEMENT;
import static dev.polystack.app.Access.DATA_API_TRANSACTION;
import static dev.polystack.app.Access.EXPORTS_GET;
import static dev.polystack.app.Access.EXPORTS_PUT;
import static dev.polystack.app.Access.FAILED_EVENTS_SEND;
import static dev.polystack.app.Access.LEDGER_RECORD;
import static dev.polystack.app.Access.LEDGER_REPLAY;
import static dev.polystack.app.Access.PRODUCT_IMAGES_DELETE;
import static dev.polystack.app.Access.PRODUCT_IMAGES_GET;
import static dev.polystack.app.Access.PRODUCT_IMAGES_PUT;
import static dev.polystack.app.Access.PRODUCT_IMAGES_TAG;
import static dev.polystack.app.Access.TABLE_DELETE;
import static dev.polystack.app.Access.TABLE_DESCRIBE;
import static dev.polystack.app.Access.TABLE_GET;
import static dev.polystack.app.Access.TABLE_PUT;
import static dev.polystack.app.Access.TABLE_QUERY;
import static dev.polystack.app.Access.TABLE_TRANSACT_PUT;
import static dev.polystack.app.Access.TABLE_UPDATE;
import static dev.polystack.app.Access.UPLOADS_DELETE;
import static dev.polystack.app.Access.UPLOADS_GET;
import static dev.polystack.app.Access.UPLOADS_LIST;
import static dev.polystack.app.Access.UPLOADS_PUT;
import static dev.polystack.app.Access.UPLOADS_TAG;

import dev.polystack.account.handler.DeleteMeHandler;
import dev.polystack.account.handler.EraseAccountsHandler;
import dev.polystack.catalog.handler.AdjustStockHandler;
import dev.polystack.catalog.handler.ArchiveProductHandler;
import dev.polystack.catalog.handler.CreateProductHandler;
import dev.polystack.catalog.handler.GetProductHandler;
import dev.polystack.catalog.handler.ListProductsHandler;
import dev.polystack.catalog.handler.RestoreProductHandler;
import dev.polystack.catalog.handler.UpdateProductHandler;
import dev.polystack.health.handler.DeepHealthHandler;
import dev.polystack.health.handler.HealthHandler;
import dev.polystack.migration.MigrationService;
import dev.polystack.migration.handler.MigrationHandler;
import dev.polystack.order.handler.CancelOrderHandler;
import dev.polystack.order.handler.ChangeOrderStatusHandler;
import dev.polystack.order.handler.GetOrderHandler;
import dev.polystack.order.handler.ListOrdersHandler;
import dev.polystack.order.handler.OutboxRelayHandler;
import dev.polystack.order.handler.PlaceOrderHandler;
import dev.polystack.recovery.handler.RecoverHandler;
import dev.polystack.session.handler.AuthorizerHandler;
import dev.polystack.session.handler.ChangePasswordHandler;
import dev.polystack.session.handler.GrantRoleHandler;
import dev.polystack.session.handler.GrantUserRoleHandler;
import dev.polystack.session.handler.LoginHandler;
import dev.polystack.session.handler.LogoutEverywhereHandler;
import dev.polystack.session.handler.LogoutHandler;
import dev.polystack.session.handler.RevokeUserRoleHandler;
import dev.polystack.shared.adapter.AwsClients;
import dev.polystack.upload.Upload;
import dev.polystack.upload.handler.CreateProductImageUploadHandler;
import dev.polystack.upload.handler.CreateUploadHandler;
import dev.polystack.upload.handler.DeleteUploadHandler;
import dev.polystack.upload.handler.GetUploadHandler;
import dev.polystack.upload.handler.ListUploadsHandler;
import dev.polystack.upload.handler.UploadCompletedHandler;
import dev.polystack.user.handler.ExportMeHandler;
import dev.polystack.user.handler.GetMeHandler;
import dev.polystack.user.handler.SignUpHandler;
import dev.polystack.user.handler.UpdateMeHandler;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every deployed function, defined once. The route table, the CDK stack, {@code template.yaml} (generated
 * from here: {@code infra/write-sam-template}) and the local stack's in-process functions all come from
 * this list; tests check {@code openapi.yaml} and {@code events/} against it.
 *
 * <p>Adding a route: its handler (with both constructors), its use case, one entry below, and its
 * operation in {@code openapi.yaml}; then regenerate {@code template.yaml}.
 *
 * <p>Memory: 1024 MB for the three functions that run Argon2id (sign-up, login, account deletion; 19 MiB,
 * CPU-bound, and Lambda's CPU grows with memory), 512 MB for the rest, which wait on stores. These
 * are starting points to tune with AWS Lambda Power Tuning on a deployed stack; they were not measured on AWS.
 *
 * <p>Timeout: functions behind the API stop at 28 s, under the HTTP API's 30 s integration limit, so
 * that the function's own answer (503 with {@code Retry-After} once the Data API retry budget of 20 s
 * is spent) reaches the client instead of API Gateway's bare 503.
 */
public final class Functions {
    public static final int ARGON2_MEMORY_MB = 1024;
    /** HTTP APIs give an integration at most 30 s. */
    public static final int API_INTEGRATION_LIMIT_SECONDS = 30;

    public static final int API_TIMEOUT_SECONDS = 28;
    /**
     * An HTTP API waits 10 s for a Lambda authorizer's answer, then answers the client 500
     * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html, "Timeout for Lambda
     * authorizer response"): the authorizer stops before, and its SDK calls (retries included) before it.
     */
    public static final int AUTHORIZER_RESPONSE_LIMIT_SECONDS = 10;

    public static final int AUTHORIZER_TIMEOUT_SECONDS = 8;
    public static final String AUTHORIZER_SDK_CALL_TIMEOUT = "PT5S";
    public static final String AUTHORIZER_SDK_ATTEMPT_TIMEOUT = "PT2S";
    public static final int TRIGGER_TIMEOUT_SECONDS = 30;
    /** A deploy may find Aurora paused: the migration waits up to 4 minutes for it (DATA_API_RETRY_BUDGET). */
    public static final int MIGRATE_TIMEOUT_SECONDS = 300;
    /** How often recorded account erasures are resumed and, past their grace, finished. */
    public static final int ERASE_EVERY_MINUTES = 15;
    /** The outbox relay's default rate (the dev stage's; each deployment chooses its own). */
    public static final int RELAY_EVERY_MINUTES = 30;

    /**
     * Concurrency and throttles for a sale (docs/scaling.md#concurrency-and-throttles). Reserved concurrency both
     * keeps environments for a function and caps it
     * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html); Lambda keeps at least 100 of
     * the account's concurrency (1,000 by default) unreserved, so all reservations together stay within
     * {@link #RESERVABLE_CONCURRENCY}. These are the sale's sizing, which only the prod stage reserves; dev reserves
     * nothing, so that it deploys into a new account's reduced quota ({@link SaleSizing}). The authorizer runs for every authorized request (its result is not
     * cached: a revoked session must be refused at once), so it must never starve behind the routes.
     */
    public static final int AUTHORIZER_CONCURRENCY = 150;
    /** Argon2id at 1,024 MB, assumed about 100 ms a login (not measured on AWS): 150 environments for the 1,000 logins/s the route lets through. */
    public static final int LOGIN_CONCURRENCY = 150;

    public static final double LOGIN_RATE = 1000;
    public static final int LOGIN_BURST = 2000;
    /**
     * Each catalogue read: one Data API statement. The route throttle keeps the two routes together at about
     * what Aurora's 4 ACU ceiling serves (issue 22's estimate: 115-230 reads/s per ACU); the edge cache in front
     * answers most browsing without reaching them.
     */
    public static final int CATALOG_CONCURRENCY = 100;

    public static final double CATALOG_RATE = 500;
    public static final int CATALOG_BURST = 1000;
    /**
     * One hot product's stock is split across 32 shards (R__stock.sql): a 33rd concurrent order of it can only wait
     * for a shard, holding an environment and a database connection. So PlaceOrder runs at most 32 at once,
     * the knee of its curve, and the route lets through what 32 environments would serve at an assumed 100 ms an order (not measured on AWS);
     * the rest is answered 429 by API Gateway before a function or the database sees it.
     */
    public static final int PLACE_ORDER_CONCURRENCY = 32;

    public static final double PLACE_ORDER_RATE = 300;
    public static final int PLACE_ORDER_BURST = 300;
    /** The account's default concurrency (1,000) less the 100 Lambda keeps unreserved. */
    public static final int RESERVABLE_CONCURRENCY = 900;

    public static final String AUTHORIZER = "Authorizer";
    public static final String UPLOAD_COMPLETED = "UploadCompleted";
    public static final String OUTBOX_RELAY = "OutboxRelay";
    public static final String MIGRATE = "Migrate";
    public static final String ERASE_ACCOUNTS = "EraseAccounts";
    public static final String DEEP_HEALTH = "DeepHealth";
    public static final String GRANT_ROLE = "GrantRole";
    public static final String RECOVER = "Recover";
    /** Lambda's longest timeout; a recovery that needs longer is invoked again with the same id and resumes. */
    public static final int RECOVER_TIMEOUT_SECONDS = 900;

    public static final String FALLBACK = "Fallback";

    /** Read the user, change profile and e-mail claim with an audit record (one transaction), then update or clean up their sessions. */
    private static final Set<Access> ROLE_CHANGE =
            EnumSet.of(TABLE_GET, TABLE_UPDATE, TABLE_PUT, TABLE_QUERY, TABLE_DELETE);
    /** A role change that may revoke: recorded in the recovery ledger first. */
    private static final Set<Access> ROLE_REVOKE = union(ROLE_CHANGE, EnumSet.of(LEDGER_RECORD));
    /**
     * One statement in PostgreSQL (the change and its outbox row), then the projection: a
     * TransactWriteItems of a ConditionCheck (the owner's profile) and a Put (the versioned summary).
     * Placing an order, cancelling, an administrator's status change and the relay all need just this.
     */
    private static final Set<Access> ORDER_CHANGE = EnumSet.of(DATA_API_STATEMENT, TABLE_TRANSACT_PUT);
    /** An erasure's steps: the user's items found and deleted by key, the job's revocation time, their objects listed and deleted, their outbox settled. */
    private static final Set<Access> ERASURE = EnumSet.of(
            TABLE_QUERY, TABLE_DELETE, TABLE_UPDATE, ACCOUNT_OBJECTS_LIST, ACCOUNT_OBJECTS_DELETE, DATA_API_STATEMENT);

    private static final Set<Access> CATALOG = EnumSet.of(DATA_API_STATEMENT);

    public static final List<FunctionSpec> ALL = List.of(
            route(
                    "GET",
                    "/health",
                    false,
                    "Health",
                    HealthHandler.class,
                    "health.json",
                    EnumSet.of(TABLE_DESCRIBE, BUCKET_LIST),
                    app -> new HealthHandler(app.health())),
            route(
                            "GET",
                            "/products",
                            false,
                            "ListProducts",
                            ListProductsHandler.class,
                            "list-products.json",
                            CATALOG,
                            app -> new ListProductsHandler(app.catalog()))
                    .reservedConcurrency(CATALOG_CONCURRENCY)
                    .throttle(CATALOG_RATE, CATALOG_BURST),
            route(
                            "GET",
                            "/products/{productId}",
                            false,
                            "GetProduct",
                            GetProductHandler.class,
                            "get-product.json",
                            CATALOG,
                            app -> new GetProductHandler(app.catalog()))
                    .reservedConcurrency(CATALOG_CONCURRENCY)
                    .throttle(CATALOG_RATE, CATALOG_BURST),
            route(
                    "POST",
                    "/products",
                    true,
                    "CreateProduct",
                    CreateProductHandler.class,
                    "create-product.json",
                    CATALOG,
                    app -> new CreateProductHandler(app.catalog())),
            route(
                    "PATCH",
                    "/products/{productId}",
                    true,
                    "UpdateProduct",
                    UpdateProductHandler.class,
                    "update-product.json",
                    CATALOG,
                    app -> new UpdateProductHandler(app.catalog())),
            route(
                    "POST",
                    "/products/{productId}/stock",
                    true,
                    "AdjustStock",
                    AdjustStockHandler.class,
                    "adjust-stock.json",
                    CATALOG,
                    app -> new AdjustStockHandler(app.catalog())),
            route(
                    "POST",
                    "/products/{productId}/archive",
                    true,
                    "ArchiveProduct",
                    ArchiveProductHandler.class,
                    "archive-product.json",
                    CATALOG,
                    app -> new ArchiveProductHandler(app.catalog())),
            route(
                    "POST",
                    "/products/{productId}/restore",
                    true,
                    "RestoreProduct",
                    RestoreProductHandler.class,
                    "restore-product.json",
                    CATALOG,
                    app -> new RestoreProductHandler(app.catalog())),
            route(
                    "POST",
                    "/products/{productId}/image",
                    true,
                    "CreateProductImageUpload",
                    CreateProductImageUploadHandler.class,
                    "create-product-image.json",
                    EnumSet.of(DATA_API_STATEMENT, TABLE_PUT, PRODUCT_IMAGES_PUT),
                    app -> new CreateProductImageUploadHandler(app.uploads())),
            route(
                            "POST",
                            "/users",
                            false,
                            "SignUp",
                            SignUpHandler.class,
                            "sign-up.json",
                            EnumSet.of(TABLE_TRANSACT_PUT, TABLE_UPDATE),
                            app -> new SignUpHandler(app.users(), app.edgeOrigin()))
                    .memory(ARGON2_MEMORY_MB),
            route(
                    "GET",
                    "/users/me",
                    true,
                    "GetMe",
                    GetMeHandler.class,
                    "get-me.json",
                    EnumSet.of(TABLE_QUERY),
                    app -> new GetMeHandler(app.users())),
            route(
                    "PATCH",
                    "/users/me",
                    true,
                    "UpdateMe",
                    UpdateMeHandler.class,
                    "update-me.json",
                    EnumSet.of(TABLE_UPDATE),
                    app -> new UpdateMeHandler(app.users())),
            // Plus the password check (e-mail claim, login counters) and the acceptance (job put, profile and claim
            // deleted).
            route(
                            "DELETE",
                            "/users/me",
                            true,
                            "DeleteMe",
                            DeleteMeHandler.class,
                            "delete-me.json",
                            union(ERASURE, EnumSet.of(TABLE_GET, TABLE_PUT, LEDGER_RECORD)),
                            app -> new DeleteMeHandler(app.erasure(), app.edgeOrigin()))
                    .memory(ARGON2_MEMORY_MB),
            route(
                    "PUT",
                    "/users/{userId}/roles/{role}",
                    true,
                    "GrantUserRole",
                    GrantUserRoleHandler.class,
                    "grant-user-role.json",
                    ROLE_CHANGE,
                    app -> new GrantUserRoleHandler(app.roles())),
            route(
                    "DELETE",
                    "/users/{userId}/roles/{role}",
                    true,
                    "RevokeUserRole",
                    RevokeUserRoleHandler.class,
                    "revoke-user-role.json",
                    ROLE_REVOKE,
                    app -> new RevokeUserRoleHandler(app.roles())),
            // The session, its pointer and the roles check in one TransactWriteItems.
            route(
                            "POST",
                            "/sessions",
                            false,
                            "Login",
                            LoginHandler.class,
                            "login.json",
                            EnumSet.of(TABLE_GET, TABLE_TRANSACT_PUT, TABLE_UPDATE),
                            app -> new LoginHandler(app.sessions(), app.edgeOrigin()))
                    .memory(ARGON2_MEMORY_MB)
                    .reservedConcurrency(LOGIN_CONCURRENCY)
                    .throttle(LOGIN_RATE, LOGIN_BURST),
            route(
                    "DELETE",
                    "/sessions/current",
                    true,
                    "Logout",
                    LogoutHandler.class,
                    "logout.json",
                    EnumSet.of(TABLE_DELETE, LEDGER_RECORD),
                    app -> new LogoutHandler(app.sessions())),
            route(
                            "POST",
                            "/orders",
                            true,
                            "PlaceOrder",
                            PlaceOrderHandler.class,
                            "place-order.json",
                            ORDER_CHANGE,
                            app -> new PlaceOrderHandler(app.orders()))
                    .reservedConcurrency(PLACE_ORDER_CONCURRENCY)
                    .throttle(PLACE_ORDER_RATE, PLACE_ORDER_BURST),
            route(
                    "GET",
                    "/orders",
                    true,
                    "ListOrders",
                    ListOrdersHandler.class,
                    "list-orders.json",
                    EnumSet.of(TABLE_QUERY),
                    app -> new ListOrdersHandler(app.orders())),
            route(
                    "GET",
                    "/orders/{orderId}",
                    true,
                    "GetOrder",
                    GetOrderHandler.class,
                    "get-order.json",
                    EnumSet.of(DATA_API_STATEMENT),
                    app -> new GetOrderHandler(app.orders())),
            route(
                    "POST",
                    "/orders/{orderId}/cancel",
                    true,
                    "CancelOrder",
                    CancelOrderHandler.class,
                    "cancel-order.json",
                    ORDER_CHANGE,
                    app -> new CancelOrderHandler(app.orders())),
            route(
                    "POST",
                    "/orders/{orderId}/status",
                    true,
                    "ChangeOrderStatus",
                    ChangeOrderStatusHandler.class,
                    "change-order-status.json",
                    ORDER_CHANGE,
                    app -> new ChangeOrderStatusHandler(app.orders())),
            route(
                    "POST",
                    "/uploads",
                    true,
                    "CreateUpload",
                    CreateUploadHandler.class,
                    "create-upload.json",
                    EnumSet.of(TABLE_PUT, UPLOADS_PUT),
                    app -> new CreateUploadHandler(app.uploads())),
            route(
                    "GET",
                    "/uploads",
                    true,
                    "ListUploads",
                    ListUploadsHandler.class,
                    "list-uploads.json",
                    EnumSet.of(TABLE_QUERY),
                    app -> new ListUploadsHandler(app.uploads())),
            route(
                    "GET",
                    "/uploads/{uploadId}",
                    true,
                    "GetUpload",
                    GetUploadHandler.class,
                    "get-upload.json",
                    EnumSet.of(TABLE_GET, UPLOADS_GET),
                    app -> new GetUploadHandler(app.uploads())),
            // Account lifecycle: profile read, attempt counted and given back, sessions found and deleted, hash changed
            // in a transaction.
            route(
                    "PUT",
                    "/users/me/password",
                    true,
                    "ChangePassword",
                    ChangePasswordHandler.class,
                    "change-password.json",
                    EnumSet.of(TABLE_GET, TABLE_UPDATE, TABLE_QUERY, TABLE_DELETE, LEDGER_RECORD),
                    app -> new ChangePasswordHandler(app.sessions(), app.edgeOrigin())),
            route(
                    "DELETE",
                    "/sessions",
                    true,
                    "LogoutEverywhere",
                    LogoutEverywhereHandler.class,
                    "logout-everywhere.json",
                    EnumSet.of(TABLE_QUERY, TABLE_DELETE, LEDGER_RECORD),
                    app -> new LogoutEverywhereHandler(app.sessions())),
            route(
                    "GET",
                    "/users/me/export",
                    true,
                    "ExportMe",
                    ExportMeHandler.class,
                    "export-me.json",
                    EnumSet.of(TABLE_GET, TABLE_QUERY, DATA_API_STATEMENT, EXPORTS_PUT, EXPORTS_GET),
                    app -> new ExportMeHandler(app.exports())),
            route(
                    "DELETE",
                    "/uploads/{uploadId}",
                    true,
                    "DeleteUpload",
                    DeleteUploadHandler.class,
                    "delete-upload.json",
                    EnumSet.of(TABLE_GET, TABLE_UPDATE, TABLE_DELETE, UPLOADS_DELETE, UPLOADS_TAG),
                    app -> new DeleteUploadHandler(app.uploads())),
            route(
                            "ANY",
                            Route.DEFAULT_PATH,
                            false,
                            FALLBACK,
                            FallbackHandler.class,
                            "unknown-route.json",
                            EnumSet.noneOf(Access.class),
                            app -> new FallbackHandler(RouteTable.ROUTES))
                    .summary("API Gateway's $default route: answers unmatched requests 404 or 405."),
            FunctionSpec.of(
                            AUTHORIZER,
                            AuthorizerHandler.class,
                            new Trigger.Authorizer(),
                            "authorizer.json",
                            EnumSet.of(TABLE_GET),
                            app -> new AuthorizerHandler(app.sessions()))
                    .timeout(AUTHORIZER_TIMEOUT_SECONDS)
                    .reservedConcurrency(AUTHORIZER_CONCURRENCY)
                    .variable(AwsClients.SDK_CALL_TIMEOUT, AUTHORIZER_SDK_CALL_TIMEOUT)
                    .variable(AwsClients.SDK_ATTEMPT_TIMEOUT, AUTHORIZER_SDK_ATTEMPT_TIMEOUT)
                    .summary(
                            "The HTTP API's Lambda authorizer: a bearer session token looked up in DynamoDB, never cached (a revoked session is refused at its next request)."),
            FunctionSpec.of(
                            UPLOAD_COMPLETED,
                            UploadCompletedHandler.class,
                            new Trigger.ObjectCreated(
                                    List.of(Upload.KEY_PREFIX, Upload.PRODUCT_IMAGE_PREFIX), 2, Duration.ofHours(6)),
                            "s3-object-created.json",
                            EnumSet.of(
                                    TABLE_GET,
                                    TABLE_UPDATE,
                                    UPLOADS_GET,
                                    UPLOADS_LIST,
                                    UPLOADS_DELETE,
                                    UPLOADS_TAG,
                                    FAILED_EVENTS_SEND,
                                    PRODUCT_IMAGES_GET,
                                    PRODUCT_IMAGES_DELETE,
                                    PRODUCT_IMAGES_TAG,
                                    DATA_API_STATEMENT),
                            app -> new UploadCompletedHandler(app.uploads()))
                    .summary(
                            "Checks each uploaded object against its record; product images are attached to their product."),
            FunctionSpec.of(
                            OUTBOX_RELAY,
                            OutboxRelayHandler.class,
                            new Trigger.Schedule("Heal", RELAY_EVERY_MINUTES, true),
                            "outbox-relay.json",
                            ORDER_CHANGE,
                            app -> new OutboxRelayHandler(app.outboxRelay()))
                    .summary("Projects orders whose DynamoDB projection was missed."),
            FunctionSpec.of(
                            ERASE_ACCOUNTS,
                            EraseAccountsHandler.class,
                            new Trigger.Schedule("Resume", ERASE_EVERY_MINUTES, false),
                            "erase-accounts.json",
                            ERASURE,
                            app -> new EraseAccountsHandler(app.erasure()))
                    .summary("Resumes account erasures and finishes those past their grace."),
            FunctionSpec.of(
                            MIGRATE,
                            MigrationHandler.class,
                            new Trigger.Deploy(),
                            "migrate.json",
                            EnumSet.of(DATA_API_TRANSACTION),
                            app -> new MigrationHandler(
                                    app::migrations, MigrationService.checksum(MigrationService.fromClasspath())))
                    .timeout(MIGRATE_TIMEOUT_SECONDS)
                    // A deploy may find Aurora paused (dev scales to 0): give it time to resume.
                    .variable("DATA_API_RETRY_BUDGET", "PT4M")
                    .summary("Runs the schema migrations through the Data API, on a deploy that changes them."),
            FunctionSpec.of(
                            DEEP_HEALTH,
                            DeepHealthHandler.class,
                            new Trigger.Operator(),
                            "deep-health.json",
                            EnumSet.of(TABLE_DESCRIBE, BUCKET_LIST, DATA_API_STATEMENT),
                            app -> new DeepHealthHandler(app.deepHealth()))
                    .summary(
                            "The deep check (Aurora too) has no route: only a caller with AWS credentials can invoke it."),
            FunctionSpec.of(
                            GRANT_ROLE,
                            GrantRoleHandler.class,
                            new Trigger.Operator(),
                            "grant-role.json",
                            ROLE_REVOKE,
                            app -> new GrantRoleHandler(app.roles()))
                    .summary(
                            "Grants and revokes roles by e-mail, with no route: only operators with AWS credentials can make the first administrator."),
            // Re-projects orders (the relay's access), deletes orphaned upload objects, then re-applies the ledger:
            // sessions, roles, erasures.
            FunctionSpec.of(
                            RECOVER,
                            RecoverHandler.class,
                            new Trigger.Operator(),
                            "recover.json",
                            union(
                                    union(ORDER_CHANGE, ROLE_CHANGE),
                                    union(
                                            ERASURE,
                                            EnumSet.of(LEDGER_REPLAY, UPLOADS_LIST, UPLOADS_DELETE, UPLOADS_TAG))),
                            app -> new RecoverHandler(app.recovery()))
                    .timeout(RECOVER_TIMEOUT_SECONDS)
                    .summary(
                            "Recover to T after the stores were restored (docs/recovery.md), with no route: re-projects orders and re-applies the recovery ledger, resumable by its id."));

    private static final Map<String, FunctionSpec> BY_NAME = byName();

    private Functions() {}

    /** The function of this name. */
    public static FunctionSpec named(String name) {
        FunctionSpec spec = BY_NAME.get(name);
        if (spec == null) {
            throw new IllegalArgumentException(
                    "no function " + name + " (functions: " + String.join(", ", BY_NAME.keySet()) + ")");
        }
        return spec;
    }

    /** By name, in definition order. */
    public static Map<String, FunctionSpec> all() {
        return BY_NAME;
    }

    /** The routes of the HTTP API, in definition order. */
    public static List<Route> routes() {
        return ALL.stream().flatMap(spec -> spec.route().stream()).toList();
    }

    static int defaultTimeoutSeconds(Trigger trigger) {
        return trigger instanceof Trigger.Api || trigger instanceof Trigger.Authorizer
                ? API_TIMEOUT_SECONDS
                : TRIGGER_TIMEOUT_SECONDS;
    }

    private static <H extends com.amazonaws.services.lambda.runtime.RequestStreamHandler> FunctionSpec route(
            String method,
            String path,
            boolean authorized,
            String name,
            Class<H> handler,
            String sampleEvent,
            Set<Access> access,
            java.util.function.Function<AppContext, H> inProcess) {
        return FunctionSpec.of(
                name, handler, new Trigger.Api(method, path, authorized), sampleEvent, access, inProcess);
    }

    private static Set<Access> union(Set<Access> first, Set<Access> second) {
        Set<Access> both = EnumSet.copyOf(first);
        both.addAll(second);
        return both;
    }

    private static Map<String, FunctionSpec> byName() {
        Map<String, FunctionSpec> named = new LinkedHashMap<>();
        for (FunctionSpec spec : ALL) {
            if (named.put(spec.name(), spec) != null) {
                throw new IllegalStateException("two functions named " + spec.name());
            }
        }
        return java.util.Collections.unmodifiableMap(named);
    }
}
