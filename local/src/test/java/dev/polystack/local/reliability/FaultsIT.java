package dev.polystack.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.local.Lanes;
import dev.polystack.local.LocalBackend;
import dev.polystack.local.ProcessStack;
import dev.polystack.local.SharedProcessStack;
import dev.polystack.local.StackClient;
import dev.polystack.local.StallingProxy;
import dev.polystack.local.StoreSnapshot;
import dev.polystack.local.dataapi.DataApiEmulator;
import dev.polystack.local.lambda.LambdaRuntime;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Faults in every store and crashes of real function processes, with nothing lost and nothing
 * doubled: DynamoDB throttling and 5xx (through a proxy between the function processes and DynamoDB
 * Local), Data API failures of every kind (the emulator's own faults), and {@code kill -9} of the
 * order, upload-completion and relay functions at random points.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Lanes.PROCESS_STACKS)
class FaultsIT {
    static final Map<String, AtomicInteger> INJECTED = new TreeMap<>();
    static final AtomicInteger LOST = new AtomicInteger();
    static final AtomicInteger DOUBLED = new AtomicInteger();
    static final Random RANDOM = new Random(Long.getLong("reliability.seed", 7));
    static final int ROUNDS = Integer.getInteger("reliability.kills", 6);
    static ProcessStack stack;

    @BeforeAll
    static void start() {
        stack = SharedProcessStack.get();
    }

    @AfterEach
    void noFaultLeft() {
        stack.dynamo.clearFailures();
        stack.dynamo.clearStall();
        stack.backend.dataApi().clearFaults();
    }

    @AfterAll
    static void stop() {
        ObjectNode figures = Figures.newFigures();
        ObjectNode injected = figures.putObject("injected");
        INJECTED.forEach((kind, count) -> injected.put(kind, count.get()));
        figures.put("lost", LOST.get());
        figures.put("doubled", DOUBLED.get());
        Figures.write("faults", figures);
    }

    static void count(String kind, int times) {
        INJECTED.computeIfAbsent(kind, k -> new AtomicInteger()).addAndGet(times);
    }

    static HttpResponse<String> order(String token, String key, String productId) {
        return stack.api.send(
                "POST",
                "/orders",
                token,
                "{\"items\":[{\"productId\":\"" + productId + "\",\"quantity\":1}]}",
                "Idempotency-Key",
                key);
    }

    /** Retries with the same key, as a client should, until the order is confirmed. */
    static JsonNode orderUntilConfirmed(String token, String key, String productId) throws InterruptedException {
        for (int attempt = 0; attempt < 40; attempt++) {
            HttpResponse<String> response = order(token, key, productId);
            if (response.statusCode() == 201) {
                return StackClient.json(response);
            }
            assertTrue(
                    response.statusCode() == 503 || response.statusCode() == 500,
                    "only a failure to retry: " + response.body());
            Thread.sleep(300);
        }
        throw new AssertionError("never confirmed: " + key);
    }

    static long stock(String productId) {
        var field = stack.backend
                .app()
                .clients()
                .rdsData()
                .executeStatement(b -> b.resourceArn(LocalBackend.CLUSTER_ARN)
                        .secretArn(LocalBackend.SECRET_ARN)
                        .database(stack.backend.settings().dbName())
                        .sql("SELECT stock + shard_stock(id) FROM products WHERE id = '" + productId + "'::uuid"))
                .records()
                .get(0)
                .get(0);
        return field.longValue();
    }

    static long ordersWithKey(String key) {
        var field = stack.backend
                .app()
                .clients()
                .rdsData()
                .executeStatement(b -> b.resourceArn(LocalBackend.CLUSTER_ARN)
                        .secretArn(LocalBackend.SECRET_ARN)
                        .database(stack.backend.settings().dbName())
                        .sql("SELECT count(*) FROM orders WHERE idempotency_key = '" + key.replace("'", "''") + "'"))
                .records()
                .get(0)
                .get(0);
        return field.longValue();
    }

    /** Polls {@code probe} until it answers {@code expected}, firing the schedules (the relay) before each look. */
    static String eventually(Supplier<String> probe, String expected) throws InterruptedException {
        return stack.eventuallyWithSchedules(probe, expected);
    }

    static int summaries(String token) {
        return StackClient.json(stack.api.send("GET", "/orders?limit=100", token, null))
                .path("items")
                .size();
    }

    @Test
    void throttledAndFailingDynamoDbCallsAreRetriedByTheSdk() {
        String token = stack.api.newUserToken();
        int injectedBefore = stack.dynamo.failuresInjected();
        stack.dynamo.failNext("ORDER#", 2, 400, StallingProxy.THROTTLED);
        stack.dynamo.failNext("SESSION#", 2, 500, StallingProxy.INTERNAL_ERROR);
        count("dynamodb throttling (order projection)", 2);
        count("dynamodb 5xx (session lookup)", 2);
        HttpResponse<String> placed =
                order(token, "retried-" + UUID.randomUUID(), "00000000-0000-4000-8000-000000000004");
        assertEquals(201, placed.statusCode(), placed.body());
        assertEquals(1, summaries(token), "projected despite the throttling");
        assertEquals(
                4, stack.dynamo.failuresInjected() - injectedBefore, "every injected fault was met, and retried past");
    }

    @Test
    void aProjectionThatKeepsFailingIsHealedByTheRelay() throws Exception {
        String token = stack.api.newUserToken();
        stack.dynamo.failNext("ORDER#", 30, 500, StallingProxy.INTERNAL_ERROR);
        count("dynamodb 5xx until the SDK gives up (order projection)", 30);
        String key = "heal-" + UUID.randomUUID();
        JsonNode placed = orderUntilConfirmed(token, key, "00000000-0000-4000-8000-000000000004");
        assertEquals("CONFIRMED", placed.get("status").asText());
        stack.dynamo.clearFailures();
        String healed = eventually(() -> summaries(token) == 1 ? "healed" : "missing", "healed");
        if (!"healed".equals(healed)) {
            LOST.incrementAndGet();
        }
        assertEquals("healed", healed, "the relay projected the order");
        assertEquals(1, ordersWithKey(key));
    }

    /** A cancel commits, its projection fails past the SDK's retries: the summary says CANCELLED once the relay ran. */
    @Test
    void aCancelWhoseProjectionKeepsFailingIsHealedByTheRelay() throws Exception {
        String token = stack.api.newUserToken();
        String orderId = orderUntilConfirmed(
                        token, "cancel-heal-" + UUID.randomUUID(), "00000000-0000-4000-8000-000000000004")
                .get("orderId")
                .asText();
        assertEquals("CONFIRMED", eventually(() -> summaryStatus(token, orderId), "CONFIRMED"));
        stack.dynamo.failNext("ORDER#", 30, 500, StallingProxy.INTERNAL_ERROR);
        count("dynamodb 5xx until the SDK gives up (cancel projection)", 30);
        HttpResponse<String> cancelled = stack.api.send("POST", "/orders/" + orderId + "/cancel", token, null);
        assertEquals(
                200, cancelled.statusCode(), "the cancel is committed whatever DynamoDB does: " + cancelled.body());
        stack.dynamo.clearFailures();
        String healed = eventually(() -> summaryStatus(token, orderId), "CANCELLED");
        if (!"CANCELLED".equals(healed)) {
            LOST.incrementAndGet();
        }
        assertEquals("CANCELLED", healed, "the relay projected the cancel");
    }

    static String summaryStatus(String token, String orderId) {
        for (JsonNode item : StackClient.json(stack.api.send("GET", "/orders?limit=100", token, null))
                .path("items")) {
            if (item.path("orderId").asText().equals(orderId)) {
                return item.path("status").asText();
            }
        }
        return "missing";
    }

    @Test
    void aSessionStoreThatKeepsFailingIsRefusedWithoutWritingAnything() {
        String token = stack.api.newUserToken();
        StoreSnapshot before = StoreSnapshot.of(stack.backend);
        stack.dynamo.failNext("SESSION#", 40, 500, StallingProxy.INTERNAL_ERROR);
        count("dynamodb 5xx until the SDK gives up (session lookup)", 40);
        HttpResponse<String> refused =
                stack.api.send("PATCH", "/users/me", token, "{\"name\":\"Never\",\"version\":1}");
        assertEquals(500, refused.statusCode(), "API Gateway's answer when the authorizer fails: " + refused.body());
        stack.dynamo.clearFailures();
        assertEquals(before, StoreSnapshot.of(stack.backend), "nothing written");
    }

    @Test
    void everyKindOfDataApiFailureEndsWithExactlyOneOrder() throws Exception {
        String token = stack.api.newUserToken();
        String product = "00000000-0000-4000-8000-000000000003";
        for (DataApiEmulator.Fault fault : DataApiEmulator.Fault.values()) {
            long stockBefore = stock(product);
            String key = "fault-" + fault + "-" + UUID.randomUUID();
            stack.backend.dataApi().injectFaults(fault, 2);
            count("data api " + fault, 2);
            orderUntilConfirmed(token, key, product);
            stack.backend.dataApi().clearFaults();
            long orders = ordersWithKey(key);
            if (orders == 0) {
                LOST.incrementAndGet();
            } else if (orders > 1) {
                DOUBLED.incrementAndGet();
            }
            assertEquals(1, orders, fault + ": one order");
            assertEquals(stockBefore - 1, stock(product), fault + ": stock taken once");
        }
    }

    @Test
    void ordersWhoseFunctionIsKilledAtRandomPointsAreNeitherLostNorDoubled() throws Exception {
        String token = stack.api.newUserToken();
        String product = "00000000-0000-4000-8000-000000000001";
        long stockBefore = stock(product);
        LambdaRuntime runtime = (LambdaRuntime) stack.backend.functions();
        for (int round = 0; round < ROUNDS; round++) {
            String key = "kill-" + round + "-" + UUID.randomUUID();
            CompletableFuture<HttpResponse<String>> first =
                    CompletableFuture.supplyAsync(() -> order(token, key, product));
            Thread.sleep(RANDOM.nextInt(600));
            runtime.processes("PlaceOrder").forEach(ProcessHandle::destroyForcibly);
            count("kill -9 PlaceOrder", 1);
            first.get();
            orderUntilConfirmed(token, key, product);
            long orders = ordersWithKey(key);
            if (orders != 1) {
                (orders == 0 ? LOST : DOUBLED).incrementAndGet();
            }
            assertEquals(1, orders, "round " + round);
        }
        assertEquals(stockBefore - ROUNDS, stock(product), "stock taken once per order");
        runtime.processes("OutboxRelay").forEach(ProcessHandle::destroyForcibly);
        count("kill -9 OutboxRelay", 1);
        String projected = eventually(() -> Integer.toString(summaries(token)), Integer.toString(ROUNDS));
        if (!projected.equals(Integer.toString(ROUNDS))) {
            LOST.incrementAndGet();
        }
        assertEquals(Integer.toString(ROUNDS), projected, "every order has its summary once the relay ran");
    }

    @Test
    void uploadCompletionsKilledAtRandomPointsStillEndAvailable() throws Exception {
        String token = stack.api.newUserToken();
        LambdaRuntime runtime = (LambdaRuntime) stack.backend.functions();
        byte[] png = "\u0089PNG bytes for a killed completion".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int round = 0; round < ROUNDS; round++) {
            JsonNode upload = StackClient.json(stack.api.send(
                    "POST",
                    "/uploads",
                    token,
                    "{\"fileName\":\"k.png\",\"contentType\":\"image/png\",\"contentLength\":" + png.length
                            + ",\"method\":\"PUT\"}"));
            assertEquals(200, ProcessStack.putUpload(upload, png));
            Thread.sleep(RANDOM.nextInt(400));
            runtime.processes("UploadCompleted").forEach(ProcessHandle::destroyForcibly);
            count("kill -9 UploadCompleted", 1);
            String id = upload.get("uploadId").asText();
            String status = ProcessStack.eventually(
                    () -> StackClient.json(stack.api.send("GET", "/uploads/" + id, token, null))
                            .path("status")
                            .asText(),
                    "AVAILABLE");
            if (!"AVAILABLE".equals(status)) {
                LOST.incrementAndGet();
            }
            assertEquals("AVAILABLE", status, "the retried event completed upload " + round);
        }
    }

    @Test
    void duplicateDelayedAndOutOfOrderS3EventsChangeNothing() throws Exception {
        String token = stack.api.newUserToken();
        byte[] png = "\u0089PNG bytes for late events".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        JsonNode done = StackClient.json(stack.api.send(
                "POST",
                "/uploads",
                token,
                "{\"fileName\":\"d.png\",\"contentType\":\"image/png\",\"contentLength\":" + png.length
                        + ",\"method\":\"PUT\"}"));
        assertEquals(200, ProcessStack.putUpload(done, png));
        String id = done.get("uploadId").asText();
        assertEquals(
                "AVAILABLE",
                ProcessStack.eventually(
                        () -> StackClient.json(stack.api.send("GET", "/uploads/" + id, token, null))
                                .path("status")
                                .asText(),
                        "AVAILABLE"));
        JsonNode never = StackClient.json(stack.api.send(
                "POST",
                "/uploads",
                token,
                "{\"fileName\":\"n.png\",\"contentType\":\"image/png\",\"contentLength\":10,\"method\":\"PUT\"}"));

        byte[] late = dev.polystack.local.s3.S3EventFactory.eventJson(
                new dev.polystack.local.s3.ObjectCreated(
                        "ObjectCreated:Put",
                        LocalBackend.BUCKET,
                        done.get("key").asText(),
                        png.length,
                        "0"),
                LocalBackend.REGION);
        byte[] forAMissingObject = dev.polystack.local.s3.S3EventFactory.eventJson(
                new dev.polystack.local.s3.ObjectCreated(
                        "ObjectCreated:Put",
                        LocalBackend.BUCKET,
                        never.get("key").asText(),
                        10,
                        "0"),
                LocalBackend.REGION);
        StoreSnapshot before = StoreSnapshot.of(stack.backend);
        for (byte[] event : java.util.List.of(late, forAMissingObject, late, forAMissingObject, late)) {
            var invocation = stack.backend
                    .functions()
                    .invoke("UploadCompleted", event, UUID.randomUUID().toString());
            assertTrue(!invocation.failed(), invocation.payloadText());
        }
        count("s3 duplicate, late and out-of-order events", 5);
        assertEquals(
                before,
                StoreSnapshot.of(stack.backend),
                "the available upload stays as it is; an event for an object that is not there changes nothing");
        assertEquals(
                "PENDING",
                StackClient.json(stack.api.send(
                                "GET", "/uploads/" + never.get("uploadId").asText(), token, null))
                        .path("status")
                        .asText());
    }
}
