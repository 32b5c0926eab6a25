package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.polystack.local.lambda.FunctionDefinition;
import dev.polystack.local.lambda.Invocation;
import dev.polystack.local.lambda.LambdaRuntime;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The whole backend as it ships: every function of template.yaml in its own JVM, started by AWS's
 * Runtime Interface Client from its template handler. Every route, the authorizer, the S3 event,
 * the relay's schedule and the migration go through real function processes here.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Lanes.PROCESS_STACKS)
class ProcessRuntimeIT {
    static ProcessStack stack;

    @BeforeAll
    static void start() {
        stack = SharedProcessStack.get();
    }

    @AfterEach
    void noStallLeft() {
        stack.dynamo.clearStall();
    }

    @Test
    void everyFunctionThatServedIsItsOwnRuntimeInterfaceClientProcessWithItsTemplateHandler() throws Exception {
        String token = stack.api.newUserToken();
        assertEquals(200, stack.api.send("GET", "/health", null, null).statusCode());
        assertEquals(200, stack.api.send("GET", "/products", null, null).statusCode());
        assertEquals(200, stack.api.send("GET", "/users/me", token, null).statusCode());
        assertEquals(
                200,
                stack.api
                        .send("PATCH", "/users/me", token, "{\"name\":\"Renamed\",\"version\":1}")
                        .statusCode());
        HttpResponse<String> order = stack.api.send(
                "POST",
                "/orders",
                token,
                "{\"items\":[{\"productId\":\"00000000-0000-4000-8000-000000000001\",\"quantity\":1}]}",
                "Idempotency-Key",
                "e2e-1");
        assertEquals(201, order.statusCode(), order.body());
        String orderId = StackClient.json(order).get("orderId").asText();
        assertEquals(200, stack.api.send("GET", "/orders", token, null).statusCode());
        assertEquals(
                200, stack.api.send("GET", "/orders/" + orderId, token, null).statusCode());

        byte[] bytes = "bytes through S3".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> created = stack.api.send(
                "POST",
                "/uploads",
                token,
                "{\"fileName\":\"a.png\",\"contentType\":\"image/png\",\"contentLength\":" + bytes.length
                        + ",\"method\":\"PUT\"}");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode upload = StackClient.json(created);
        assertEquals(200, ProcessStack.putUpload(upload, bytes));
        String uploadId = upload.get("uploadId").asText();
        assertEquals(
                "AVAILABLE",
                ProcessStack.eventually(
                        () -> StackClient.json(stack.api.send("GET", "/uploads/" + uploadId, token, null))
                                .path("status")
                                .asText(),
                        "AVAILABLE"),
                "the S3 event reached the completion function");
        assertEquals(200, stack.api.send("GET", "/uploads", token, null).statusCode());
        assertEquals(404, stack.api.send("GET", "/nowhere", null, null).statusCode());

        String adminEmail = "admin-" + java.util.UUID.randomUUID() + "@example.com";
        assertEquals(
                201,
                stack.api
                        .send(
                                "POST",
                                "/users",
                                null,
                                "{\"email\":\"" + adminEmail
                                        + "\",\"password\":\"correct horse battery\",\"name\":\"A\"}")
                        .statusCode());
        Invocation granted = stack.backend
                .functions()
                .invoke(
                        "GrantRole",
                        ("{\"source\":\"polystack.operator\",\"action\":\"grant\",\"email\":\"" + adminEmail
                                        + "\",\"role\":\"admin\",\"operator\":\"process-it\"}")
                                .getBytes(StandardCharsets.UTF_8),
                        "grant-1");
        assertTrue(granted.payloadText().contains("\"roles\":[\"admin\"]"), granted.payloadText());
        String admin = StackClient.json(stack.api.send(
                        "POST",
                        "/sessions",
                        null,
                        "{\"email\":\"" + adminEmail + "\",\"password\":\"correct horse battery\"}"))
                .get("token")
                .asText();
        HttpResponse<String> product = stack.api.send(
                "POST",
                "/products",
                admin,
                "{\"sku\":\"PROC-" + orderId.substring(0, 8)
                        + "\",\"name\":\"Process product\",\"priceCents\":100,\"stock\":2}");
        assertEquals(201, product.statusCode(), product.body());
        String productId = StackClient.json(product).get("productId").asText();
        assertEquals(
                200, stack.api.send("GET", "/products/" + productId, null, null).statusCode());
        assertEquals(
                200,
                stack.api
                        .send("PATCH", "/products/" + productId, admin, "{\"priceCents\":150,\"version\":1}")
                        .statusCode());
        assertEquals(
                200,
                stack.api
                        .send(
                                "POST",
                                "/products/" + productId + "/stock",
                                admin,
                                "{\"delta\":3,\"reason\":\"delivery\"}")
                        .statusCode());
        assertEquals(
                201,
                stack.api
                        .send(
                                "POST",
                                "/products/" + productId + "/image",
                                admin,
                                "{\"fileName\":\"a.png\",\"contentType\":\"image/png\",\"contentLength\":9,\"method\":\"PUT\"}")
                        .statusCode());
        assertEquals(
                200,
                stack.api
                        .send("POST", "/products/" + productId + "/archive", admin, null)
                        .statusCode());
        assertEquals(
                200,
                stack.api
                        .send("POST", "/products/" + productId + "/restore", admin, null)
                        .statusCode());
        assertEquals(
                200,
                stack.api
                        .send("POST", "/orders/" + orderId + "/status", admin, "{\"status\":\"SHIPPED\"}")
                        .statusCode());
        assertEquals(
                409,
                stack.api
                        .send("POST", "/orders/" + orderId + "/cancel", token, null)
                        .statusCode(),
                "shipped: too late to cancel");
        String userId = StackClient.json(stack.api.send("GET", "/users/me", token, null))
                .get("userId")
                .asText();
        assertEquals(
                200,
                stack.api
                        .send("PUT", "/users/" + userId + "/roles/admin", admin, null)
                        .statusCode());
        assertEquals(
                200,
                stack.api
                        .send("DELETE", "/users/" + userId + "/roles/admin", admin, null)
                        .statusCode());
        assertEquals(200, stack.api.send("GET", "/users/me/export", token, null).statusCode());
        assertEquals(
                204,
                stack.api.send("DELETE", "/uploads/" + uploadId, token, null).statusCode());
        assertEquals(
                200,
                stack.api
                        .send(
                                "PUT",
                                "/users/me/password",
                                token,
                                "{\"currentPassword\":\"correct horse battery\",\"newPassword\":\"a longer horse battery\"}")
                        .statusCode());
        assertEquals(
                200,
                stack.api
                        .send("DELETE", "/sessions", stack.api.newUserToken(), null)
                        .statusCode());
        assertEquals(
                204, stack.api.send("DELETE", "/sessions/current", token, null).statusCode());
        Invocation deep = stack.backend
                .functions()
                .invoke("DeepHealth", "{\"source\":\"polystack.operator\"}".getBytes(StandardCharsets.UTF_8), "deep-1");
        assertTrue(
                deep.payloadText().contains("\"aurora\":{\"status\":\"ok\""),
                "the deep check reaches Aurora: " + deep.payloadText());
        HttpResponse<String> notErased =
                stack.api.send("DELETE", "/users/me", admin, "{\"password\":\"not the password\"}");
        assertEquals(403, notErased.statusCode(), notErased.body());
        stack.backend
                .schedules()
                .fireAll()
                .forEach((function, run) -> assertFalse(run.failed(), function + ": " + run.payloadText()));

        // Recover runs a recovery on whatever stack it is given, so on this shared one it only starts:
        // a request without a restore point is refused before any store is touched.
        Invocation recover = stack.backend
                .functions()
                .invoke(
                        "Recover",
                        "{\"source\":\"polystack.operator\",\"recoveryId\":\"not-run\"}"
                                .getBytes(StandardCharsets.UTF_8),
                        "recover-1");
        assertTrue(recover.payloadText().contains("\"MISSING_FIELD\""), recover.payloadText());

        LambdaRuntime runtime = (LambdaRuntime) stack.backend.functions();
        Map<Long, String> servedBy = new HashMap<>();
        for (FunctionDefinition function : stack.backend.template().functions().values()) {
            List<ProcessHandle> processes = runtime.processes(function.name());
            assertFalse(processes.isEmpty(), function.name() + " has a live process");
            for (ProcessHandle process : processes) {
                List<String> arguments = List.of(process.info().arguments().orElseThrow());
                assertTrue(
                        arguments.contains("com.amazonaws.services.lambda.runtime.api.client.AWSLambda"),
                        function.name() + ": " + arguments);
                assertEquals(
                        function.handler(),
                        arguments.get(arguments.size() - 1),
                        function.name() + " runs its template handler");
                assertEquals(null, servedBy.put(process.pid(), function.name()), "no two functions share a JVM");
            }
        }
        Set<String> functions = stack.backend.template().functions().keySet();
        assertEquals(
                functions, Set.copyOf(servedBy.values()), "every function of the template served in its own process");
        assertTrue(
                functions.containsAll(List.of("Migrate", "OutboxRelay", "UploadCompleted", "Authorizer", "Fallback")));
    }

    @Test
    void anOrderWhoseFunctionIsKilledBetweenCommitAndProjectionIsProjectedByTheRelay() throws Exception {
        String token = stack.api.newUserToken();
        var stall = stack.dynamo.stallNext("ORDER#");
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> stack.api.send(
                "POST",
                "/orders",
                token,
                "{\"items\":[{\"productId\":\"00000000-0000-4000-8000-000000000002\",\"quantity\":1}]}",
                "Idempotency-Key",
                "crash-1"));
        assertTrue(stall.awaitReached(60), "the order function reached its DynamoDB projection");
        LambdaRuntime runtime = (LambdaRuntime) stack.backend.functions();
        runtime.processes("PlaceOrder").forEach(ProcessHandle::destroyForcibly);
        HttpResponse<String> crashed = first.get();
        assertEquals(500, crashed.statusCode(), "API Gateway's answer to a crashed function");
        assertEquals("{\"message\":\"Internal Server Error\"}", crashed.body());
        stall.release();

        String summaries = stack.eventuallyWithSchedules(
                () -> {
                    JsonNode items = StackClient.json(stack.api.send("GET", "/orders", token, null))
                            .path("items");
                    return items.size() == 1 ? "projected" : "not yet";
                },
                "projected");
        assertEquals("projected", summaries, "the relay projected the committed order");

        HttpResponse<String> retry = stack.api.send(
                "POST",
                "/orders",
                token,
                "{\"items\":[{\"productId\":\"00000000-0000-4000-8000-000000000002\",\"quantity\":1}]}",
                "Idempotency-Key",
                "crash-1");
        assertEquals(201, retry.statusCode(), retry.body());
        assertEquals(
                "true",
                retry.headers().firstValue("idempotent-replayed").orElse(""),
                "the retry finds the committed order");
        assertEquals(
                1,
                StackClient.json(stack.api.send("GET", "/orders", token, null))
                        .path("items")
                        .size(),
                "one order, not two");
    }

    /**
     * The test stacks' own context hashes at Argon2id's test cost ({@code StackOptions.forTests()}); the functions'
     * processes never do: they hash as deployed functions do, and a login verifies each hash with its own parameters.
     */
    @Test
    void functionProcessesHashPasswordsAtOwaspsCostWhateverTheTestStacksOwnContextUses() throws Exception {
        String email = "hash-cost-" + java.util.UUID.randomUUID() + "@example.com";
        String password = "correct horse battery";
        HttpResponse<String> signUp = stack.api.signUp(email, password, "H");
        assertEquals(201, signUp.statusCode(), signUp.body());
        String stored = stack.backend
                .app()
                .clients()
                .dynamo()
                .getItem(get -> get.tableName(LocalBackend.TABLE)
                        .key(Map.of(
                                "PK",
                                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("EMAIL#" + email),
                                "SK",
                                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("EMAIL"))))
                .item()
                .get("passwordHash")
                .s();
        assertTrue(stored.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), stored);
        assertEquals(201, stack.api.login(email, password).statusCode());
    }

    @Test
    void anErasureWhoseFunctionIsKilledInTheMiddleIsFinishedByTheScheduledPickup() throws Exception {
        String email = "killed-erasure-" + java.util.UUID.randomUUID() + "@example.com";
        String password = "correct horse battery";
        HttpResponse<String> signUp = stack.api.signUp(email, password, "K");
        String userId = StackClient.json(signUp).get("userId").asText();
        String token =
                StackClient.json(stack.api.login(email, password)).get("token").asText();
        HttpResponse<String> order = stack.api.send(
                "POST",
                "/orders",
                token,
                "{\"items\":[{\"productId\":\"00000000-0000-4000-8000-000000000004\",\"quantity\":1}]}",
                "Idempotency-Key",
                "killed-erasure");
        assertEquals(201, order.statusCode(), order.body());
        byte[] bytes = "bytes of a killed erasure".getBytes(StandardCharsets.UTF_8);
        JsonNode upload = StackClient.json(stack.api.send(
                "POST",
                "/uploads",
                token,
                "{\"fileName\":\"k.png\",\"contentType\":\"image/png\",\"contentLength\":" + bytes.length
                        + ",\"method\":\"PUT\"}"));
        assertEquals(200, ProcessStack.putUpload(upload, bytes));
        stack.backend
                .app()
                .clients()
                .s3()
                .putObject(
                        b -> b.bucket(LocalBackend.BUCKET).key("exports/" + userId + "/export.json"),
                        software.amazon.awssdk.core.sync.RequestBody.fromString("{}"));

        // Held at the first step after the acceptance: the query of the user's session pointers.
        var stall = stack.dynamo.stallNext("{\"S\":\"SESSION#\"}");
        CompletableFuture<HttpResponse<String>> erasing = CompletableFuture.supplyAsync(
                () -> stack.api.send("DELETE", "/users/me", token, "{\"password\":\"" + password + "\"}"));
        assertTrue(stall.awaitReached(60), "the erasure reached its first step after the acceptance");
        LambdaRuntime runtime = (LambdaRuntime) stack.backend.functions();
        // Whichever function holds the call (the request's, or a pickup another suite fired) dies in the middle.
        runtime.processes("DeleteMe").forEach(ProcessHandle::destroyForcibly);
        runtime.processes("EraseAccounts").forEach(ProcessHandle::destroyForcibly);
        int answered = erasing.get().statusCode();
        assertTrue(
                answered == 500 || answered == 202,
                "a crashed function (500) or, if the pickup held the call, the accepted request: " + answered);
        assertEquals(
                401,
                stack.api
                        .send(
                                "POST",
                                "/sessions",
                                null,
                                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")
                        .statusCode(),
                "no login once the erasure was accepted");
        stall.release();

        String left = stack.eventuallyWithSchedules(
                () -> {
                    StoreSnapshot snapshot = StoreSnapshot.of(stack.backend);
                    List<String> found = new java.util.ArrayList<>();
                    snapshot.dynamo().forEach((key, item) -> {
                        if (item.contains(userId)) {
                            found.add(key);
                        }
                    });
                    snapshot.s3().keySet().stream()
                            .filter(key -> key.contains(userId))
                            .forEach(found::add);
                    return found.toString();
                },
                "[]");
        assertEquals(
                "[]",
                left,
                "the scheduled EraseAccounts finished the erasure: no item and no object carries the user's id");
        assertEquals(
                201,
                stack.api
                        .send(
                                "POST",
                                "/users",
                                null,
                                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"name\":\"K2\"}")
                        .statusCode(),
                "the address signs up again");
    }

    @Test
    void anEnvironmentRunsOneInvocationAtATimeSoAConcurrentRequestStartsAnother() throws Exception {
        String token = stack.api.newUserToken();
        assertEquals(200, stack.api.send("GET", "/products", null, null).statusCode());
        LambdaRuntime runtime = (LambdaRuntime) stack.backend.functions();
        long warm = runtime.processes("ListProducts").size();
        // Environments other suites left idle would serve the second request: GetMe starts from none here.
        runtime.processes("GetMe").forEach(process -> {
            process.destroyForcibly();
            process.onExit().join();
        });
        // GetMe's Query of the caller's partition, not the scheduled EraseAccounts' Query of the ERASURE partition.
        var stall = stack.dynamo.stallNext("{\"S\":\"USER#");
        CompletableFuture<HttpResponse<String>> held =
                CompletableFuture.supplyAsync(() -> stack.api.send("GET", "/users/me", token, null));
        assertTrue(stall.awaitReached(60), "the first request is inside its store call");
        int busy = runtime.processes("GetMe").size();
        HttpResponse<String> meanwhile = stack.api.send("GET", "/users/me", token, null);
        assertEquals(200, meanwhile.statusCode(), "served while the first environment is busy");
        assertEquals(busy + 1, runtime.processes("GetMe").size(), "by a second environment of the same function");
        stall.release();
        assertEquals(200, held.get().statusCode());
        assertEquals(200, stack.api.send("GET", "/products", null, null).statusCode());
        assertEquals(warm, runtime.processes("ListProducts").size(), "a warm environment is reused, not started again");
    }

    /**
     * A page served from another origin (another port) runs the whole flow in Debian's headless
     * Chromium: CORS preflights, a presigned browser POST straight to S3, the download, an idempotent
     * order whose replay header the page reads, and logout.
     */
    @Test
    void aPageOnAnotherOriginRunsTheWholeFlowInHeadlessChromium(@TempDir Path profile) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Assumptions.assumeTrue(
                Files.isExecutable(chromium),
                "Debian's chromium is not installed (apt-get install chromium); .ci/run installs it");
        byte[] page;
        try (InputStream in = ProcessRuntimeIT.class.getResourceAsStream("/browser/flow.html")) {
            page = in.readAllBytes();
        }
        HttpServer otherOrigin = LoopbackServers.create(0, 8);
        otherOrigin.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (var out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        otherOrigin.start();
        try {
            String url = "http://127.0.0.1:" + otherOrigin.getAddress().getPort() + "/flow.html?api="
                    + stack.backend.gatewayEndpoint();
            String dom = OpenApiIT.run(List.of(
                    chromium.toString(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile,
                    "--virtual-time-budget=60000",
                    "--dump-dom",
                    url));
            String result = dom.replaceAll("(?s).*<pre id=\"result\">(.*?)</pre>.*", "$1");
            assertEquals(
                    String.join(
                            "\n",
                            "signup 201",
                            "login 201",
                            "upload-form 201",
                            "s3-post 204",
                            "upload-status AVAILABLE",
                            "download-same-bytes true",
                            "order 201 replay 201 same-order true replayed-header true",
                            "logout 204 then 403",
                            "done"),
                    result);
        } finally {
            otherOrigin.stop(0);
        }
    }
}
