package dev.polystack.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.polystack.account.handler.DeleteMeHandler;
import dev.polystack.account.handler.EraseAccountsHandler;
import dev.polystack.app.AppContext;
import dev.polystack.app.FallbackHandler;
import dev.polystack.app.RouteTable;
import dev.polystack.catalog.handler.AdjustStockHandler;
import dev.polystack.catalog.handler.ArchiveProductHandler;
import dev.polystack.catalog.handler.CreateProductHandler;
import dev.polystack.catalog.handler.GetProductHandler;
import dev.polystack.catalog.handler.ListProductsHandler;
import dev.polystack.catalog.handler.RestoreProductHandler;
import dev.polystack.catalog.handler.UpdateProductHandler;
import dev.polystack.health.handler.DeepHealthHandler;
import dev.polystack.health.handler.HealthHandler;
import dev.polystack.local.gateway.LocalContext;
import dev.polystack.migration.MigrationService;
import dev.polystack.migration.handler.MigrationHandler;
import dev.polystack.order.handler.CancelOrderHandler;
import dev.polystack.order.handler.ChangeOrderStatusHandler;
import dev.polystack.order.handler.GetOrderHandler;
import dev.polystack.order.handler.ListOrdersHandler;
import dev.polystack.order.handler.OutboxRelayHandler;
import dev.polystack.order.handler.PlaceOrderHandler;
import dev.polystack.session.handler.AuthorizerHandler;
import dev.polystack.session.handler.GrantRoleHandler;
import dev.polystack.session.handler.GrantUserRoleHandler;
import dev.polystack.session.handler.LoginHandler;
import dev.polystack.session.handler.LogoutHandler;
import dev.polystack.session.handler.RevokeUserRoleHandler;
import dev.polystack.upload.handler.CreateProductImageUploadHandler;
import dev.polystack.upload.handler.CreateUploadHandler;
import dev.polystack.session.handler.ChangePasswordHandler;
import dev.polystack.session.handler.LogoutEverywhereHandler;
import dev.polystack.upload.handler.DeleteUploadHandler;
import dev.polystack.upload.handler.GetUploadHandler;
import dev.polystack.user.handler.ExportMeHandler;
import dev.polystack.upload.handler.ListUploadsHandler;
import dev.polystack.upload.handler.UploadCompletedHandler;
import dev.polystack.user.handler.GetMeHandler;
import dev.polystack.user.handler.SignUpHandler;
import dev.polystack.user.handler.UpdateMeHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The functions as method calls in this JVM, each handler built with the stack's own context
 * (through the constructor that takes its collaborators). Faster to start than processes, and the
 * only way for a test to reach inside the SDK clients (fault injection, call counting); the template
 * still decides which function exists and how long it may run.
 */
public final class InProcessFunctions implements FunctionInvoker {
    private static final Map<String, Function<AppContext, RequestStreamHandler>> FACTORIES = Map.ofEntries(
            Map.entry("Health", app -> new HealthHandler(app.health())),
            Map.entry("DeepHealth", app -> new DeepHealthHandler(app.deepHealth())),
            Map.entry("ListProducts", app -> new ListProductsHandler(app.catalog())),
            Map.entry("GetProduct", app -> new GetProductHandler(app.catalog())),
            Map.entry("CreateProduct", app -> new CreateProductHandler(app.catalog())),
            Map.entry("UpdateProduct", app -> new UpdateProductHandler(app.catalog())),
            Map.entry("AdjustStock", app -> new AdjustStockHandler(app.catalog())),
            Map.entry("ArchiveProduct", app -> new ArchiveProductHandler(app.catalog())),
            Map.entry("RestoreProduct", app -> new RestoreProductHandler(app.catalog())),
            Map.entry("SignUp", app -> new SignUpHandler(app.users())),
            Map.entry("GetMe", app -> new GetMeHandler(app.users())),
            Map.entry("UpdateMe", app -> new UpdateMeHandler(app.users())),
            Map.entry("DeleteMe", app -> new DeleteMeHandler(app.erasure())),
            Map.entry("EraseAccounts", app -> new EraseAccountsHandler(app.erasure())),
            Map.entry("Login", app -> new LoginHandler(app.sessions())),
            Map.entry("Logout", app -> new LogoutHandler(app.sessions())),
            Map.entry("GrantUserRole", app -> new GrantUserRoleHandler(app.roles())),
            Map.entry("RevokeUserRole", app -> new RevokeUserRoleHandler(app.roles())),
            Map.entry("GrantRole", app -> new GrantRoleHandler(app.roles())),
            Map.entry("PlaceOrder", app -> new PlaceOrderHandler(app.orders())),
            Map.entry("ListOrders", app -> new ListOrdersHandler(app.orders())),
            Map.entry("GetOrder", app -> new GetOrderHandler(app.orders())),
            Map.entry("CancelOrder", app -> new CancelOrderHandler(app.orders())),
            Map.entry("ChangeOrderStatus", app -> new ChangeOrderStatusHandler(app.orders())),
            Map.entry("CreateUpload", app -> new CreateUploadHandler(app.uploads())),
            Map.entry("CreateProductImageUpload", app -> new CreateProductImageUploadHandler(app.uploads())),
            Map.entry("ListUploads", app -> new ListUploadsHandler(app.uploads())),
            Map.entry("GetUpload", app -> new GetUploadHandler(app.uploads())),
            Map.entry("ChangePassword", app -> new ChangePasswordHandler(app.sessions())),
            Map.entry("LogoutEverywhere", app -> new LogoutEverywhereHandler(app.sessions())),
            Map.entry("ExportMe", app -> new ExportMeHandler(app.exports())),
            Map.entry("DeleteUpload", app -> new DeleteUploadHandler(app.uploads())),
            Map.entry("Fallback", app -> new FallbackHandler(RouteTable.ROUTES)),
            Map.entry("Authorizer", app -> new AuthorizerHandler(app.sessions())),
            Map.entry("UploadCompleted", app -> new UploadCompletedHandler(app.uploads())),
            Map.entry("OutboxRelay", app -> new OutboxRelayHandler(app.outboxRelay())),
            Map.entry("Migrate", app -> new MigrationHandler(app::migrations, MigrationService.checksum(MigrationService.fromClasspath()))));

    private final SamTemplate template;
    private final AppContext app;
    private final Map<String, RequestStreamHandler> warm = new ConcurrentHashMap<>();

    public InProcessFunctions(SamTemplate template, AppContext app) {
        this.template = template;
        this.app = app;
    }

    @Override
    public Invocation invoke(String function, byte[] event, String requestId) {
        FunctionDefinition definition = template.function(function);
        RequestStreamHandler handler = handler(function);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long start = System.nanoTime();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, new LocalContext(requestId, function, definition.timeout().toMillis()));
            return Invocation.success(requestId, out.toByteArray(), report(definition, start));
        } catch (IOException | RuntimeException e) {
            return Invocation.failure(requestId, e.getClass().getName(), String.valueOf(e.getMessage()), report(definition, start));
        }
    }

    /** The function's handler, built with the stack's context on first use and kept (a warm environment). */
    public RequestStreamHandler handler(String function) {
        return warm.computeIfAbsent(function, name -> {
            Function<AppContext, RequestStreamHandler> factory = FACTORIES.get(name);
            if (factory == null) {
                throw new IllegalStateException("no in-process factory for " + name + ": add it to InProcessFunctions");
            }
            return factory.apply(app);
        });
    }

    private static Invocation.Report report(FunctionDefinition definition, long startNanos) {
        return new Invocation.Report((System.nanoTime() - startNanos) / 1e6, definition.memoryMb(), null, null);
    }
}
