package dev.polystack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.polystack.account.ErasureService;
import dev.polystack.account.InMemoryAccount;
import dev.polystack.account.handler.DeleteMeHandler;
import dev.polystack.account.handler.EraseAccountsHandler;
import dev.polystack.app.AppContext;
import dev.polystack.app.FallbackHandler;
import dev.polystack.app.Route;
import dev.polystack.app.RouteTable;
import dev.polystack.catalog.CatalogService;
import dev.polystack.catalog.InMemoryProducts;
import dev.polystack.catalog.handler.AdjustStockHandler;
import dev.polystack.catalog.handler.ArchiveProductHandler;
import dev.polystack.catalog.handler.CreateProductHandler;
import dev.polystack.catalog.handler.GetProductHandler;
import dev.polystack.catalog.handler.ListProductsHandler;
import dev.polystack.catalog.handler.RestoreProductHandler;
import dev.polystack.catalog.handler.UpdateProductHandler;
import dev.polystack.health.HealthService;
import dev.polystack.health.handler.DeepHealthHandler;
import dev.polystack.health.handler.HealthHandler;
import dev.polystack.migration.InMemoryMigrationTarget;
import dev.polystack.migration.MigrationService;
import dev.polystack.migration.handler.MigrationHandler;
import dev.polystack.order.OrderHandlersTest;
import dev.polystack.order.OrderService;
import dev.polystack.order.OutboxRelay;
import dev.polystack.order.handler.CancelOrderHandler;
import dev.polystack.order.handler.ChangeOrderStatusHandler;
import dev.polystack.order.handler.GetOrderHandler;
import dev.polystack.order.handler.ListOrdersHandler;
import dev.polystack.order.handler.OutboxRelayHandler;
import dev.polystack.order.handler.PlaceOrderHandler;
import dev.polystack.recovery.InMemoryLedger;
import dev.polystack.session.InMemorySessions;
import dev.polystack.session.LoginLimits;
import dev.polystack.session.RoleService;
import dev.polystack.session.SessionService;
import dev.polystack.session.handler.AuthorizerHandler;
import dev.polystack.session.handler.ChangePasswordHandler;
import dev.polystack.session.handler.GrantRoleHandler;
import dev.polystack.session.handler.GrantUserRoleHandler;
import dev.polystack.session.handler.LoginHandler;
import dev.polystack.session.handler.LogoutEverywhereHandler;
import dev.polystack.session.handler.LogoutHandler;
import dev.polystack.session.handler.RevokeUserRoleHandler;
import dev.polystack.shared.RateLimiter;
import dev.polystack.shared.Settings;
import dev.polystack.upload.UploadHandlersTest;
import dev.polystack.upload.UploadPolicy;
import dev.polystack.upload.UploadService;
import dev.polystack.upload.handler.CreateProductImageUploadHandler;
import dev.polystack.upload.handler.CreateUploadHandler;
import dev.polystack.upload.handler.DeleteUploadHandler;
import dev.polystack.upload.handler.GetUploadHandler;
import dev.polystack.upload.handler.ListUploadsHandler;
import dev.polystack.upload.handler.UploadCompletedHandler;
import dev.polystack.user.AccountExport;
import dev.polystack.user.AccountRecords;
import dev.polystack.user.CountingHasher;
import dev.polystack.user.ExportService;
import dev.polystack.user.InMemoryUsers;
import dev.polystack.user.UserService;
import dev.polystack.user.handler.ExportMeHandler;
import dev.polystack.user.handler.GetMeHandler;
import dev.polystack.user.handler.SignUpHandler;
import dev.polystack.user.handler.UpdateMeHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Every function's log line can be joined to the gateway request that caused it and says how its
 * execution environment started: each sample event of {@code events/} goes through its function
 * (over in-memory ports) and the line it prints is parsed back.
 */
class LogLineTest {
    /** Each function of template.yaml, over in-memory ports. */
    static final Map<String, Supplier<RequestStreamHandler>> FUNCTIONS = Map.ofEntries(
            Map.entry("Health", () -> new HealthHandler(new HealthService(List.of()))),
            Map.entry("DeepHealth", () -> new DeepHealthHandler(new HealthService(List.of()))),
            Map.entry("ListProducts", () -> new ListProductsHandler(catalog())),
            Map.entry("GetProduct", () -> new GetProductHandler(catalog())),
            Map.entry("CreateProduct", () -> new CreateProductHandler(catalog())),
            Map.entry("UpdateProduct", () -> new UpdateProductHandler(catalog())),
            Map.entry("AdjustStock", () -> new AdjustStockHandler(catalog())),
            Map.entry("ArchiveProduct", () -> new ArchiveProductHandler(catalog())),
            Map.entry("RestoreProduct", () -> new RestoreProductHandler(catalog())),
            Map.entry("SignUp", () -> new SignUpHandler(users())),
            Map.entry("GetMe", () -> new GetMeHandler(users())),
            Map.entry("UpdateMe", () -> new UpdateMeHandler(users())),
            Map.entry("DeleteMe", () -> new DeleteMeHandler(erasure())),
            Map.entry("EraseAccounts", () -> new EraseAccountsHandler(erasure())),
            Map.entry("Login", () -> new LoginHandler(sessions())),
            Map.entry("Logout", () -> new LogoutHandler(sessions())),
            Map.entry("GrantUserRole", () -> new GrantUserRoleHandler(roles())),
            Map.entry("RevokeUserRole", () -> new RevokeUserRoleHandler(roles())),
            Map.entry("GrantRole", () -> new GrantRoleHandler(roles())),
            Map.entry("Authorizer", () -> new AuthorizerHandler(sessions())),
            Map.entry("PlaceOrder", () -> new PlaceOrderHandler(orders(new OrderHandlersTest.FakeReadModel()))),
            Map.entry("ListOrders", () -> new ListOrdersHandler(orders(new OrderHandlersTest.FakeReadModel()))),
            Map.entry("GetOrder", () -> new GetOrderHandler(orders(new OrderHandlersTest.FakeReadModel()))),
            Map.entry("CancelOrder", () -> new CancelOrderHandler(orders(new OrderHandlersTest.FakeReadModel()))),
            Map.entry(
                    "ChangeOrderStatus",
                    () -> new ChangeOrderStatusHandler(orders(new OrderHandlersTest.FakeReadModel()))),
            Map.entry("CreateUpload", () -> new CreateUploadHandler(uploads())),
            Map.entry("CreateProductImageUpload", () -> new CreateProductImageUploadHandler(uploads())),
            Map.entry("ListUploads", () -> new ListUploadsHandler(uploads())),
            Map.entry("GetUpload", () -> new GetUploadHandler(uploads())),
            Map.entry("UploadCompleted", () -> new UploadCompletedHandler(uploads())),
            Map.entry(
                    "OutboxRelay",
                    () -> new OutboxRelayHandler(new OutboxRelay(
                            new OrderHandlersTest.FakeOrders(), new OrderHandlersTest.FakeReadModel(), Duration.ZERO))),
            Map.entry(
                    "Migrate",
                    () -> new MigrationHandler(
                            () -> new MigrationService(new InMemoryMigrationTarget(), MigrationService.fromClasspath()),
                            MigrationService.checksum(MigrationService.fromClasspath()))),
            Map.entry("ChangePassword", () -> new ChangePasswordHandler(sessions())),
            Map.entry("LogoutEverywhere", () -> new LogoutEverywhereHandler(sessions())),
            Map.entry("ExportMe", () -> new ExportMeHandler(exports())),
            Map.entry("DeleteUpload", () -> new DeleteUploadHandler(uploads())),
            Map.entry("Fallback", FallbackHandler::new));

    static ExportService exports() {
        AccountRecords nothing = new AccountRecords() {
            @Override
            public List<AccountExport.Order> orders(String userId) {
                return List.of();
            }

            @Override
            public List<AccountExport.Upload> uploads(String userId) {
                return List.of();
            }
        };
        return new ExportService(
                new InMemoryUsers(),
                nothing,
                (key, export, lifetime) -> "https://bucket.s3.amazonaws.com/" + key,
                Clock.systemUTC(),
                ExportService.DEFAULT_URL_LIFETIME);
    }

    static UserService users() {
        return new UserService(new InMemoryUsers(), new CountingHasher(), Clock.systemUTC());
    }

    static SessionService sessions() {
        return new SessionService(
                new InMemoryUsers(),
                new InMemorySessions(),
                new CountingHasher(),
                Clock.systemUTC(),
                Duration.ofHours(1),
                new InMemoryLedger());
    }

    static ErasureService erasure() {
        InMemoryUsers users = new InMemoryUsers();
        InMemoryAccount account = new InMemoryAccount(users, new InMemorySessions());
        return new ErasureService(
                users,
                new CountingHasher(),
                RateLimiter.NONE,
                LoginLimits.DEFAULT,
                account,
                account,
                account,
                Clock.systemUTC(),
                ErasureService.DEFAULT_GRACE,
                new InMemoryLedger());
    }

    static CatalogService catalog() {
        return new CatalogService(new InMemoryProducts(), InMemoryProducts.IMAGES);
    }

    static RoleService roles() {
        return new RoleService(new InMemoryUsers(), new InMemorySessions(), Clock.systemUTC(), new InMemoryLedger());
    }

    static OrderService orders(OrderHandlersTest.FakeReadModel readModel) {
        return new OrderService(new OrderHandlersTest.FakeOrders(), readModel);
    }

    static UploadService uploads() {
        return new UploadService(
                new UploadHandlersTest.FakeRepository(),
                new UploadHandlersTest.FakeSigner(),
                new UploadHandlersTest.FakeStorage(),
                UploadPolicy.defaults(),
                Clock.systemUTC());
    }

    static Stream<String> sampleEvents() throws IOException {
        try (Stream<Path> files = Files.list(Lambda.eventsDir())) {
            return files
                    .map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    /** The function an event is for: the authorizer's request, a route's event by its route key, or a trigger's by its shape. */
    static String functionFor(String eventFile, JsonNode event) {
        if ("REQUEST".equals(event.path("type").asText())) {
            return "Authorizer";
        } else if (event.has("routeKey")) {
            return RouteTable.ROUTES.stream()
                    .filter(route ->
                            route.routeKey().equals(event.get("routeKey").asText()))
                    .map(Route::function)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(eventFile + " names no route"));
        } else if (event.has("Records")) {
            return "UploadCompleted";
        } else if ("aws.events".equals(event.path("source").asText())) {
            return eventFile.equals("erase-accounts.json") ? "EraseAccounts" : "OutboxRelay";
        } else if (event.has("RequestType")) {
            return "Migrate";
        } else if ("polystack.operator".equals(event.path("source").asText())) {
            return event.has("role") ? "GrantRole" : "DeepHealth";
        }
        throw new AssertionError(eventFile + " is not an event of any function");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleEvents")
    void everyLineCarriesLambdasRequestIdTheGatewaysAndWhetherTheEnvironmentWasCold(String eventFile) {
        assumeTrue(
                System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE") == null,
                "off Lambda, a first invocation is a cold start");
        ObjectNode event = Lambda.event(eventFile);
        RequestStreamHandler function =
                FUNCTIONS.get(functionFor(eventFile, event)).get();
        try (LogLines logs = LogLines.capture()) {
            Lambda.invoke(function, event, "lambda-request-1");
            Lambda.invoke(function, event, "lambda-request-2");

            List<JsonNode> lines = logs.invocations();
            assertEquals(2, lines.size(), "one line per invocation: " + lines);
            JsonNode first = lines.get(0);
            JsonNode second = lines.get(1);
            assertEquals("lambda-request-1", first.path("requestId").asText(null), first.toString());
            assertEquals("lambda-request-2", second.path("requestId").asText(null), second.toString());
            assertTrue(
                    first.path("coldStart").isBoolean()
                            && first.path("restored").isBoolean(),
                    first.toString());
            assertTrue(
                    first.get("coldStart").asBoolean(),
                    "the environment's first invocation waited for its init: " + first);
            assertFalse(second.path("coldStart").asBoolean(true), "the second found it warm: " + second);
            assertFalse(
                    first.get("restored").asBoolean() || second.path("restored").asBoolean(true),
                    "no SnapStart off Lambda");

            JsonNode gatewayRequestId = event.path("requestContext").path("requestId");
            for (JsonNode line : lines) {
                if (gatewayRequestId.isTextual()) {
                    assertEquals(
                            gatewayRequestId.asText(),
                            line.path("apiRequestId").asText(null),
                            "joins the access log: " + line);
                    assertEquals(
                            event.get("routeKey").asText(), line.path("route").asText(null), line.toString());
                } else {
                    assertNotNull(line.get("trigger"), "a trigger's line names it: " + line);
                }
            }
            for (JsonNode warning : logs.warnings()) {
                assertTrue(
                        warning.path("requestId").asText("").startsWith("lambda-request-"),
                        "a warning joins its invocation: " + warning);
            }
        }
    }

    @Test
    void aStoreCallIsOnTheLineOfTheGatewayRequestThatMadeIt() throws IOException {
        HttpServer dynamo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        dynamo.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] noItem = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(200, noItem.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(noItem);
            }
        });
        dynamo.start();
        try (LogLines logs = LogLines.capture()) {
            AppContext app = new AppContext(
                    new Settings(Map.of(
                            "AWS_REGION",
                            "us-east-1",
                            "TABLE_NAME",
                            "polystack",
                            "LEDGER_TABLE",
                            "polystack-recovery-ledger",
                            "AWS_ENDPOINT_URL_DYNAMODB",
                            "http://127.0.0.1:" + dynamo.getAddress().getPort())),
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                    List.of());
            ObjectNode request = Lambda.event("authorizer.json");
            JsonNode decision = Lambda.invoke(new AuthorizerHandler(app.sessions()), request, "lambda-request-1");

            assertFalse(decision.get("isAuthorized").asBoolean(), "no session item: " + decision);
            JsonNode line = logs.invocations().get(0);
            assertEquals(
                    request.get("requestContext").get("requestId").asText(),
                    line.get("apiRequestId").asText(),
                    line.toString());
            JsonNode call = line.get("storeCalls").get(0);
            assertEquals("DynamoDb", call.get("service").asText(), line.toString());
            assertEquals("GetItem", call.get("operation").asText(), line.toString());
        } finally {
            dynamo.stop(0);
        }
    }

    @Test
    void aWarningWrittenDuringARequestCarriesItsGatewayRequestId() {
        OrderHandlersTest.FakeReadModel throttled = new OrderHandlersTest.FakeReadModel();
        throttled.failuresLeft.set(1);
        try (LogLines logs = LogLines.capture()) {
            ObjectNode order = Lambda.event("place-order.json");
            assertEquals(
                    201,
                    Lambda.invoke(new PlaceOrderHandler(orders(throttled)), order, "lambda-request-1")
                            .get("statusCode")
                            .asInt());

            JsonNode warning = logs.warnings().get(0);
            assertEquals("projection_deferred_to_relay", warning.get("event").asText(), warning.toString());
            assertEquals("lambda-request-1", warning.get("requestId").asText(), warning.toString());
            assertEquals(
                    order.get("requestContext").get("requestId").asText(),
                    warning.get("apiRequestId").asText(),
                    warning.toString());
        }
    }
}
