package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.app.Access;
import dev.polystack.app.Functions;
import dev.polystack.local.lambda.FunctionVariables;
import dev.polystack.local.lambda.InProcessFunctions;
import dev.polystack.local.lambda.LambdaRuntime;
import dev.polystack.local.lambda.SamTemplate;
import dev.polystack.shared.adapter.AwsClients;
import dev.polystack.shared.lambda.HandlerPriming;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SnapStart priming as Lambda runs it at publish. Every function of the template primes its own path
 * (its {@code beforeCheckpoint} hook's first step) in this JVM, built as the in-process stack builds
 * it, without writing anything. A few functions, one of each kind the hooks treat differently, are
 * published for real: each in its own Runtime Interface Client process with
 * {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}, running its init and its {@code beforeCheckpoint}
 * hook up to the snapshot point; the hook primes the function's own path and each SDK client it built,
 * and nothing in DynamoDB, S3 or PostgreSQL changes; the first invocation after the restore is marked
 * {@code restored} and still answers.
 */
class SnapStartPrimingIT {
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    /** Published in a process: the public check, a read route, the login, the logout, an order, an upload, the authorizer. */
    static final List<String> PUBLISHED =
            List.of("Health", "GetMe", "ListOrders", "Login", "Logout", "PlaceOrder", "CreateUpload", "Authorizer");

    @Test
    void everyFunctionPrimesItsOwnPathWithoutWritingAnything() {
        LocalBackend backend = SharedBackend.get();
        InProcessFunctions functions = (InProcessFunctions) backend.functions();
        StoreSnapshot before = StoreSnapshot.of(backend);
        List<String> problems = new ArrayList<>();
        for (String function : backend.template().functions().keySet()) {
            String outcome = HandlerPriming.prime(functions.handler(function));
            if (!"ok".equals(outcome)) {
                problems.add(function + ": its own path failed to prime: " + outcome);
            }
        }
        assertEquals(List.of(), problems);
        assertEquals("", StoreSnapshot.of(backend).changesSince(before), "priming wrote nothing to any store");
    }

    /**
     * Write routes prime their own code (issue 23, target 2): the priming request passes the route's caller and role
     * checks and the body mapping, and is refused by the route's own validation (400 and its code) or by its use case
     * at a store call that changes nothing (404 or 401 ACCOUNT_NOT_FOUND, the use case's own codes), never by the
     * edge's 401 UNAUTHENTICATED or 400 MISSING_BODY before the function's code runs. Nothing is written (the
     * snapshot of every store before and after).
     */
    @Test
    void writeRoutesPrimeAsfarAsTheirOwnValidation() throws Exception {
        LocalBackend backend = SharedBackend.get();
        InProcessFunctions functions = (InProcessFunctions) backend.functions();
        StoreSnapshot before = StoreSnapshot.of(backend);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("CreateProduct", "400 INVALID_STOCK");
        expected.put("AdjustStock", "400 INVALID_DELTA");
        expected.put("ChangeOrderStatus", "400 INVALID_STATUS");
        expected.put("CreateProductImageUpload", "400 INVALID_CONTENT_LENGTH");
        expected.put("CreateUpload", "400 INVALID_CONTENT_LENGTH");
        expected.put("SignUp", "400 INVALID_EMAIL");
        expected.put("ChangePassword", "400 INVALID_PASSWORD");
        // Past their validation to a store call that finds nothing to change: the product's conditional UPDATE
        // matches no row, then its read finds none; the profile's conditional UpdateItem is refused by DynamoDB.
        expected.put("UpdateProduct", "404 PRODUCT_NOT_FOUND");
        expected.put("UpdateMe", "401 ACCOUNT_NOT_FOUND");
        // The erasure reads the job and the profile (neither exists) and stops before the login limits and the ledger.
        expected.put("DeleteMe", "401 ACCOUNT_NOT_FOUND");
        // A caller id no sign-up issues is refused by the use case's own check, before the recovery ledger's write.
        expected.put("LogoutEverywhere", "401 ACCOUNT_NOT_FOUND");
        // A caller without a session token is refused by the use case before the ledger's write (its adapters prime
        // the ledger's write and the session's delete: publishedFunctions…).
        expected.put("Logout", "401 SESSION_NOT_FOUND");
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> route : expected.entrySet()) {
            String response = HandlerPriming.primingResponse(functions.handler(route.getKey()));
            JsonNode answer = JSON.readTree(response);
            JsonNode body = JSON.readTree(answer.path("body").asText("{}"));
            String outcome = answer.path("statusCode").asInt() + " "
                    + body.path("error").path("code").asText();
            if (!route.getValue().equals(outcome)) {
                problems.add(route.getKey() + " answered its priming request " + response);
            }
        }
        assertEquals(List.of(), problems);
        assertEquals("", StoreSnapshot.of(backend).changesSince(before), "priming wrote nothing to any store");
    }

    /**
     * A scheduled run writes, so before a snapshot the erasure pickup rehearses instead (issue 23, target 2): it
     * reads the recorded jobs, as a run starts, and writes its answer, without running any job's steps. Its priming
     * line carries the rehearsal's figures and its store calls are reads.
     */
    @Test
    void erasurePickupPrimesItsReadOfTheJobsWithoutRunningThem() throws Exception {
        LocalBackend backend = SharedBackend.get();
        InProcessFunctions functions = (InProcessFunctions) backend.functions();
        StoreSnapshot before = StoreSnapshot.of(backend);
        java.nio.file.Path logs = java.nio.file.Path.of("target", "function-logs.jsonl");
        long linesBefore = Files.readAllLines(logs).size();

        assertEquals("ok", HandlerPriming.prime(functions.handler(Functions.ERASE_ACCOUNTS)));

        JsonNode rehearsal = null;
        for (String line : Files.readAllLines(logs)
                .subList((int) linesBefore, Files.readAllLines(logs).size())) {
            JsonNode parsed = JSON.readTree(line);
            if (parsed.path("priming").asBoolean()
                    && "erase-accounts".equals(parsed.path("rehearsal").asText())) {
                rehearsal = parsed;
            }
        }
        assertTrue(rehearsal != null, "no priming line of the erasure pickup's rehearsal in " + logs);
        assertTrue(rehearsal.has("waiting"), rehearsal.toString());
        List<String> operations = new ArrayList<>();
        rehearsal
                .path("storeCalls")
                .forEach(call -> operations.add(call.path("operation").asText()));
        assertEquals(List.of("Query"), operations, "it read the jobs and nothing else: " + rehearsal);
        assertEquals("", StoreSnapshot.of(backend).changesSince(before), "priming wrote nothing to any store");
    }

    @Test
    void publishedFunctionsPrimeTheirPathAndClientsBeforeTheSnapshotWithoutWritingAnything() throws Exception {
        LocalBackend backend = SharedBackend.get();
        FunctionVariables stack = backend.functionVariables();
        SamTemplate template = SamTemplate.read(SamTemplate.locate());
        List<String> output = new CopyOnWriteArrayList<>();
        StoreSnapshot before = StoreSnapshot.of(backend);
        List<String> ledgerBefore = ledgerEntries(backend);
        Map<String, JsonNode> primed = new LinkedHashMap<>();
        try (LambdaRuntime runtime = new LambdaRuntime(
                template, new LambdaRuntime.Config(stack.stackValues(), stack.wiring(), 1, true, output::add))) {
            // Two at a time: a function JVM's init is mostly one thread, and this machine has two cores.
            ExecutorService publishing = Executors.newFixedThreadPool(2);
            try {
                Map<String, Future<Boolean>> published = new LinkedHashMap<>();
                PUBLISHED.forEach(
                        function -> published.put(function, publishing.submit(() -> runtime.publish(function))));
                for (Map.Entry<String, Future<Boolean>> function : published.entrySet()) {
                    assertTrue(
                            function.getValue().get(),
                            function.getKey() + " reached its snapshot point:\n" + String.join("\n", output));
                    primed.put(function.getKey(), primingLine(function.getKey(), output));
                }
            } finally {
                publishing.shutdownNow();
            }
            assertEquals("", StoreSnapshot.of(backend).changesSince(before), "priming wrote nothing to any store");
            assertEquals(ledgerBefore, ledgerEntries(backend), "priming recorded nothing in the recovery ledger");

            byte[] health =
                    Files.readAllBytes(StartFlagsIT.PROJECT.resolve("events").resolve("health.json"));
            assertFalse(runtime.invoke("Health", health, "after-restore").failed(), String.join("\n", output));
            JsonNode first = StartFlagsIT.lineOf("after-restore", output);
            assertTrue(first.get("restored").asBoolean(), first.toString());
        }

        List<String> problems = new ArrayList<>();
        primed.forEach((function, line) -> {
            System.out.println(function + " primed " + line.get("primed") + " in " + line.get("latencyMs") + " ms");
            JsonNode outcomes = line.get("primed");
            if (!"ok".equals(outcomes.path("handler").asText())) {
                problems.add(function + ": its own path failed to prime: " + outcomes);
            }
        });
        assertEquals(List.of(), problems);

        // What each kind reaches: routes that read go as far as their store, the authorizer to its session read.
        assertClients(primed, "GetMe", "dynamodb.query", "json");
        assertClients(primed, "ListOrders", "dynamodb.query");
        assertClients(primed, "PlaceOrder", "rdsData", "dynamodb.transact", "json");
        assertClients(primed, "Login", "argon2", "dynamodb.get");
        assertClients(primed, "CreateUpload", "s3Presigner", "uploadSigner", "dynamodb.put");
        assertClients(primed, "Authorizer", "dynamodb.get");
        // A write's own adapter code (issue 23, target 2): the logout's session delete, refused by DynamoDB and
        // answered in the process, and its ledger entry, answered in the process; the upload's whole use case and its
        // answer. Each succeeds (a refused delete is the store's "no such session"), and nothing changed above.
        assertClients(primed, "Logout", "sessions.delete", "sessions.delete.answered", "ledger.record.answered");
        assertClients(primed, "CreateUpload", "uploads.create.answered", "uploads.response");
        for (String[] primer : new String[][] {
            {"Logout", "sessions.delete"},
            {"Logout", "sessions.delete.answered"},
            {"Logout", "ledger.record.answered"},
            {"CreateUpload", "uploads.create.answered"},
            {"CreateUpload", "uploads.response"}
        }) {
            JsonNode outcomes = primed.get(primer[0]).get("primed");
            assertEquals("ok", outcomes.get(primer[1]).asText(), primer[0] + ": " + outcomes);
        }
        // Only calls the role allows (issue 21, finding 11): GetMe's role may query, never write; PlaceOrder's
        // runs statements, never a transaction; CreateUpload reads no object, so it makes no S3 call.
        primed.forEach((function, line) -> line.get("primed").fieldNames().forEachRemaining(primer -> {
            String access = AwsClients.PRIMER_ACCESS.get(primer);
            if (access != null) {
                assertTrue(
                        Functions.named(function).access().contains(Access.valueOf(access)),
                        function + " primed " + primer + ", which needs " + access + ": " + line);
            }
        }));
        assertFalse(
                primed.get("CreateUpload").get("primed").has("s3"),
                primed.get("CreateUpload").toString());
        // A refusal still warms the pipeline, but these reads are allowed and must simply succeed here.
        assertEquals(
                "ok",
                primed.get("GetMe").get("primed").get("dynamodb.query").asText(),
                primed.get("GetMe").toString());
        assertEquals(
                "ok",
                primed.get("PlaceOrder").get("primed").get("rdsData").asText(),
                primed.get("PlaceOrder").toString());
        assertEquals(
                "ok",
                primed.get("Login").get("primed").get("argon2").asText(),
                primed.get("Login").toString());
        // The conditional writes are refused by DynamoDB itself (the condition names an item that does not exist).
        JsonNode createUpload = primed.get("CreateUpload").get("primed");
        assertEquals(
                "ConditionalCheckFailedException",
                createUpload.get("dynamodb.put").asText(),
                createUpload.toString());
        JsonNode placeOrder = primed.get("PlaceOrder").get("primed");
        assertEquals(
                "TransactionCanceledException",
                placeOrder.get("dynamodb.transact").asText(),
                placeOrder.toString());
    }

    /** The recovery ledger's keys (its own table, which the store snapshot does not read). */
    private static List<String> ledgerEntries(LocalBackend backend) {
        List<String> keys = new ArrayList<>();
        backend.app()
                .clients()
                .dynamo()
                .scanPaginator(b -> b.tableName(LocalBackend.LEDGER_TABLE).consistentRead(true))
                .items()
                .forEach(item ->
                        keys.add(item.get("PK").s() + "|" + item.get("SK").s()));
        keys.sort(null);
        return keys;
    }

    private static void assertClients(Map<String, JsonNode> primed, String function, String... names) {
        JsonNode outcomes = primed.get(function).get("primed");
        for (String name : names) {
            assertTrue(outcomes.has(name), function + " primes " + name + ": " + outcomes);
        }
    }

    /** The function's beforeCheckpoint line, among the output the runtime prefixes with "[Function] ". */
    private static JsonNode primingLine(String function, List<String> output) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            for (String line : output) {
                int json = line.indexOf("{\"level\"");
                if (line.startsWith("[" + function + "] ") && json >= 0) {
                    JsonNode parsed = StackClient.JSON.readTree(line.substring(json));
                    if ("beforeCheckpoint".equals(parsed.path("phase").asText())) {
                        return parsed;
                    }
                }
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no beforeCheckpoint line from " + function + " in:\n" + String.join("\n", output));
    }
}
