package dev.polystack.infra;

import static dev.polystack.infra.Access.ACCOUNT_OBJECTS_DELETE;
import static dev.polystack.infra.Access.ACCOUNT_OBJECTS_LIST;
import static dev.polystack.infra.Access.BUCKET_LIST;
import static dev.polystack.infra.Access.DATA_API_STATEMENT;
import static dev.polystack.infra.Access.DATA_API_TRANSACTION;
import static dev.polystack.infra.Access.EXPORTS_GET;
import static dev.polystack.infra.Access.EXPORTS_PUT;
import static dev.polystack.infra.Access.FAILED_EVENTS_SEND;
import static dev.polystack.infra.Access.PRODUCT_IMAGES_DELETE;
import static dev.polystack.infra.Access.PRODUCT_IMAGES_GET;
import static dev.polystack.infra.Access.PRODUCT_IMAGES_PUT;
import static dev.polystack.infra.Access.PRODUCT_IMAGES_TAG;
import static dev.polystack.infra.Access.TABLE_DELETE;
import static dev.polystack.infra.Access.TABLE_DESCRIBE;
import static dev.polystack.infra.Access.TABLE_GET;
import static dev.polystack.infra.Access.TABLE_PUT;
import static dev.polystack.infra.Access.TABLE_QUERY;
import static dev.polystack.infra.Access.TABLE_TRANSACT_PUT;
import static dev.polystack.infra.Access.TABLE_UPDATE;
import static dev.polystack.infra.Access.UPLOADS_DELETE;
import static dev.polystack.infra.Access.UPLOADS_GET;
import static dev.polystack.infra.Access.UPLOADS_LIST;
import static dev.polystack.infra.Access.UPLOADS_PUT;
import static dev.polystack.infra.Access.UPLOADS_TAG;

import dev.polystack.account.handler.EraseAccountsHandler;
import dev.polystack.app.RouteTable;
import dev.polystack.health.handler.DeepHealthHandler;
import dev.polystack.migration.handler.MigrationHandler;
import dev.polystack.order.handler.OutboxRelayHandler;
import dev.polystack.session.handler.GrantRoleHandler;
import dev.polystack.upload.handler.UploadCompletedHandler;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every deployed function: its handler, memory, and exactly the access it uses. Route functions
 * come from the route table; the others are triggered by the authorizer, S3, a schedule, or a deploy.
 *
 * <p>Memory: 1024 MB for the three functions that run Argon2id (sign-up, login, erasure) (19 MiB, CPU-bound; Lambda's CPU grows
 * with memory), 512 MB for the rest, which wait on stores. These are starting points to tune with
 * AWS Lambda Power Tuning on a deployed stack; they were not measured on AWS.
 *
 * <p>Timeout: functions behind the API (and its authorizer) stop at 28 s, under the HTTP API's 30 s
 * integration limit, so that the function's own answer (503 with {@code Retry-After} once the Data
 * API retry budget of 20 s is spent) reaches the client instead of API Gateway's bare 503.
 */
record FunctionSpec(String id, String handler, int memoryMb, int timeoutSeconds, Set<Access> access) {
    static final int ARGON2_MEMORY_MB = 1024;
    static final int DEFAULT_MEMORY_MB = 512;
    /** HTTP APIs give an integration at most 30 s. */
    static final int API_INTEGRATION_LIMIT_SECONDS = 30;
    static final int API_TIMEOUT_SECONDS = 28;
    static final int TRIGGER_TIMEOUT_SECONDS = 30;
    /** A deploy may find Aurora paused: the migration waits up to 4 minutes for it (DATA_API_RETRY_BUDGET). */
    static final int MIGRATE_TIMEOUT_SECONDS = 300;

    static final String AUTHORIZER = "Authorizer";
    static final String UPLOAD_COMPLETED = "UploadCompleted";
    static final String OUTBOX_RELAY = "OutboxRelay";
    static final String MIGRATE = "Migrate";
    /** On a schedule: resumes and finishes recorded account erasures. */
    static final String ERASE_ACCOUNTS = "EraseAccounts";
    /** No route, no trigger: operators invoke it with AWS credentials (the deep check that may wake Aurora). */
    static final String DEEP_HEALTH = "DeepHealth";

    /** No route, no trigger: operators grant and revoke roles by e-mail with AWS credentials (the first administrator). */
    static final String GRANT_ROLE = "GrantRole";

    /** Read the user, change profile and e-mail claim with an audit record (one transaction), then update or clean up their sessions. */
    private static final Set<Access> ROLE_CHANGE = EnumSet.of(TABLE_GET, TABLE_UPDATE, TABLE_PUT, TABLE_QUERY, TABLE_DELETE);

    /**
     * One statement in PostgreSQL (the change and its outbox row), then the projection: a
     * TransactWriteItems of a ConditionCheck (the owner's profile) and a Put (the versioned summary).
     * Placing an order, cancelling, an administrator's status change and the relay all need just this.
     */
    private static final Set<Access> ORDER_CHANGE = EnumSet.of(DATA_API_STATEMENT, TABLE_TRANSACT_PUT);
    /** An erasure's steps: the user's items found and deleted by key, the job's revocation time, their objects listed and deleted, their outbox settled. */
    private static final Set<Access> ERASURE = EnumSet.of(TABLE_QUERY, TABLE_DELETE, TABLE_UPDATE, ACCOUNT_OBJECTS_LIST, ACCOUNT_OBJECTS_DELETE,
            DATA_API_STATEMENT);

    private static final Map<String, Set<Access>> ACCESS = Map.ofEntries(
            Map.entry("Health", EnumSet.of(TABLE_DESCRIBE, BUCKET_LIST)),
            Map.entry(DEEP_HEALTH, EnumSet.of(TABLE_DESCRIBE, BUCKET_LIST, DATA_API_STATEMENT)),
            Map.entry("ListProducts", EnumSet.of(DATA_API_STATEMENT)),
            Map.entry("GetProduct", EnumSet.of(DATA_API_STATEMENT)),
            Map.entry("CreateProduct", EnumSet.of(DATA_API_STATEMENT)),
            Map.entry("UpdateProduct", EnumSet.of(DATA_API_STATEMENT)),
            Map.entry("AdjustStock", EnumSet.of(DATA_API_STATEMENT)),
            Map.entry("ArchiveProduct", EnumSet.of(DATA_API_STATEMENT)),
            Map.entry("RestoreProduct", EnumSet.of(DATA_API_STATEMENT)),
            Map.entry("SignUp", EnumSet.of(TABLE_TRANSACT_PUT, TABLE_UPDATE)),
            Map.entry("GetMe", EnumSet.of(TABLE_QUERY)),
            Map.entry("UpdateMe", EnumSet.of(TABLE_UPDATE)),
            // Plus the password check (e-mail claim, login counters) and the acceptance (job put, profile and claim deleted).
            Map.entry("DeleteMe", union(ERASURE, EnumSet.of(TABLE_GET, TABLE_PUT))),
            Map.entry(ERASE_ACCOUNTS, ERASURE),
            Map.entry("Login", EnumSet.of(TABLE_GET, TABLE_TRANSACT_PUT, TABLE_UPDATE)),
            Map.entry("GrantUserRole", ROLE_CHANGE),
            Map.entry("RevokeUserRole", ROLE_CHANGE),
            Map.entry(GRANT_ROLE, ROLE_CHANGE),
            Map.entry("Logout", EnumSet.of(TABLE_DELETE)),
            Map.entry("PlaceOrder", ORDER_CHANGE),
            Map.entry("ListOrders", EnumSet.of(TABLE_QUERY)),
            Map.entry("GetOrder", EnumSet.of(DATA_API_STATEMENT)),
            Map.entry("CancelOrder", ORDER_CHANGE),
            Map.entry("ChangeOrderStatus", ORDER_CHANGE),
            Map.entry("CreateUpload", EnumSet.of(TABLE_PUT, UPLOADS_PUT)),
            Map.entry("CreateProductImageUpload", EnumSet.of(DATA_API_STATEMENT, TABLE_PUT, PRODUCT_IMAGES_PUT)),
            Map.entry("ListUploads", EnumSet.of(TABLE_QUERY)),
            Map.entry("GetUpload", EnumSet.of(TABLE_GET, UPLOADS_GET)),
            // Account lifecycle: profile read, attempt counted and given back, sessions found and deleted, hash changed in a transaction.
            Map.entry("ChangePassword", EnumSet.of(TABLE_GET, TABLE_UPDATE, TABLE_QUERY, TABLE_DELETE)),
            Map.entry("LogoutEverywhere", EnumSet.of(TABLE_QUERY, TABLE_DELETE)),
            Map.entry("ExportMe", EnumSet.of(TABLE_GET, TABLE_QUERY, DATA_API_STATEMENT, EXPORTS_PUT, EXPORTS_GET)),
            Map.entry("DeleteUpload", EnumSet.of(TABLE_GET, TABLE_UPDATE, TABLE_DELETE, UPLOADS_DELETE, UPLOADS_TAG)),
            Map.entry("Fallback", EnumSet.noneOf(Access.class)),
            Map.entry(AUTHORIZER, EnumSet.of(TABLE_GET)),
            Map.entry(UPLOAD_COMPLETED, EnumSet.of(TABLE_GET, TABLE_UPDATE, UPLOADS_GET, UPLOADS_LIST, UPLOADS_DELETE, UPLOADS_TAG, FAILED_EVENTS_SEND,
                    PRODUCT_IMAGES_GET, PRODUCT_IMAGES_DELETE, PRODUCT_IMAGES_TAG, DATA_API_STATEMENT)),
            Map.entry(OUTBOX_RELAY, ORDER_CHANGE),
            Map.entry(MIGRATE, EnumSet.of(DATA_API_TRANSACTION)));

    static Map<String, FunctionSpec> all() {
        Map<String, FunctionSpec> specs = new LinkedHashMap<>();
        RouteTable.ROUTES.forEach(route -> specs.put(route.function(), spec(route.function(), route.handler().getName(), API_TIMEOUT_SECONDS)));
        specs.put(AUTHORIZER, spec(AUTHORIZER, RouteTable.AUTHORIZER.getName(), API_TIMEOUT_SECONDS));
        specs.put(UPLOAD_COMPLETED, spec(UPLOAD_COMPLETED, UploadCompletedHandler.class.getName(), TRIGGER_TIMEOUT_SECONDS));
        specs.put(OUTBOX_RELAY, spec(OUTBOX_RELAY, OutboxRelayHandler.class.getName(), TRIGGER_TIMEOUT_SECONDS));
        specs.put(ERASE_ACCOUNTS, spec(ERASE_ACCOUNTS, EraseAccountsHandler.class.getName(), TRIGGER_TIMEOUT_SECONDS));
        specs.put(MIGRATE, spec(MIGRATE, MigrationHandler.class.getName(), MIGRATE_TIMEOUT_SECONDS));
        specs.put(DEEP_HEALTH, spec(DEEP_HEALTH, DeepHealthHandler.class.getName(), TRIGGER_TIMEOUT_SECONDS));
        specs.put(GRANT_ROLE, spec(GRANT_ROLE, GrantRoleHandler.class.getName(), TRIGGER_TIMEOUT_SECONDS));
        return specs;
    }

    private static Set<Access> union(Set<Access> first, Set<Access> second) {
        Set<Access> both = EnumSet.copyOf(first);
        both.addAll(second);
        return both;
    }

    private static FunctionSpec spec(String id, String handler, int timeoutSeconds) {
        Set<Access> access = ACCESS.get(id);
        if (access == null) {
            throw new IllegalStateException("function " + id + " has no access list in FunctionSpec: add one (least privilege)");
        }
        int memory = id.equals("SignUp") || id.equals("Login") || id.equals("DeleteMe") ? ARGON2_MEMORY_MB : DEFAULT_MEMORY_MB;
        return new FunctionSpec(id, handler, memory, timeoutSeconds, access);
    }
}
