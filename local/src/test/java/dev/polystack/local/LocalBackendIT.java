package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystack.local.dataapi.DataApiEmulator;
import dev.polystack.local.lambda.Invocation;
import dev.polystack.migration.Migration;
import dev.polystack.migration.MigrationService;
import dev.polystack.migration.adapter.RdsDataMigrationTarget;
import dev.polystack.shared.adapter.DataApi;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The first routes end to end, through the local gateway, against the real emulators. */
class LocalBackendIT {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void publicHealthChecksDynamoDbAndS3AndNeverTouchesAurora() throws Exception {
        SharedBackend.CALLS.reset();
        HttpResponse<String> response =
                SharedBackend.send(SharedBackend.request("/health").GET());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode stores = json(response).get("stores");
        assertEquals(List.of("dynamodb", "s3"), iterate(stores.fieldNames()));
        for (String store : List.of("dynamodb", "s3")) {
            assertEquals("ok", stores.get(store).get("status").asText(), store);
        }
        assertEquals(
                0,
                SharedBackend.CALLS.count("RdsData"),
                "no Data API call: an anonymous caller cannot wake or load Aurora");
    }

    @Test
    void publicHealthStaysUpWhileAuroraIsResuming() {
        SharedBackend.get().dataApi().injectFaults(DataApiEmulator.Fault.DATABASE_RESUMING, 5);
        try {
            assertEquals(
                    200,
                    SharedBackend.send(SharedBackend.request("/health").GET()).statusCode());
        } finally {
            SharedBackend.get().dataApi().clearFaults();
        }
    }

    @Test
    void theDeepCheckWithoutARouteReportsAuroraToo() throws Exception {
        Invocation deep = SharedBackend.get()
                .functions()
                .invoke(
                        "DeepHealth",
                        "{\"source\":\"polystack.operator\"}".getBytes(StandardCharsets.UTF_8),
                        UUID.randomUUID().toString());
        JsonNode report = JSON.readTree(deep.payload());
        assertEquals("ok", report.get("status").asText(), deep.payloadText());
        assertEquals(
                List.of("dynamodb", "s3", "aurora"),
                iterate(report.get("stores").fieldNames()));
        assertTrue(
                SharedBackend.get().routes().stream()
                        .noneMatch(route -> route.function().equals("DeepHealth")),
                "no route reaches it");
    }

    @Test
    void theAnswersRequestIdJoinsTheFunctionsLogLineAsOnAws() throws Exception {
        HttpResponse<String> response =
                SharedBackend.send(SharedBackend.request("/products").GET());
        String requestId = response.headers().firstValue("apigw-requestid").orElseThrow();
        List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("target", "function-logs.jsonl"));
        assertTrue(
                lines.stream()
                        .anyMatch(line -> line.contains("\"apiRequestId\":\"" + requestId + "\"")
                                && line.contains("GET /products")),
                "a log line with apiRequestId " + requestId);
    }

    static List<String> iterate(java.util.Iterator<String> names) {
        List<String> all = new java.util.ArrayList<>();
        names.forEachRemaining(all::add);
        return all;
    }

    @Test
    void productsAreTheSeededCatalogueReadThroughTheDataApi() throws Exception {
        SharedBackend.CALLS.reset();
        HttpResponse<String> response =
                SharedBackend.send(SharedBackend.request("/products").GET());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(
                "application/json",
                response.headers().firstValue("content-type").orElse(""));
        JsonNode items = json(response).get("items");
        assertTrue(items.size() >= 4, response.body());
        JsonNode mug = null;
        for (JsonNode item : items) {
            if ("MUG-001".equals(item.get("sku").asText())) {
                mug = item;
            }
        }
        assertEquals(
                "00000000-0000-4000-8000-000000000001", mug.get("productId").asText());
        assertEquals(1299, mug.get("priceCents").asLong());
        assertEquals(
                List.of("RdsData.ExecuteStatement"),
                SharedBackend.CALLS.calls(),
                "one Data API call per catalogue read");
    }

    @Test
    void unknownRouteAndWrongMethodUseTheErrorShape() throws Exception {
        HttpResponse<String> missing =
                SharedBackend.send(SharedBackend.request("/nowhere").GET());
        assertEquals(404, missing.statusCode());
        assertEquals("ROUTE_NOT_FOUND", json(missing).get("error").get("code").asText());

        HttpResponse<String> wrongMethod =
                SharedBackend.send(SharedBackend.request("/products").DELETE());
        assertEquals(405, wrongMethod.statusCode());
        assertEquals(
                "METHOD_NOT_ALLOWED", json(wrongMethod).get("error").get("code").asText());
        assertEquals("GET, POST", wrongMethod.headers().firstValue("allow").orElse(""));
    }

    @Test
    void migrationsWaitForADatabaseThatIsResuming() {
        LocalBackend backend = SharedBackend.get();
        backend.dataApi().injectFaults(dev.polystack.local.dataapi.DataApiEmulator.Fault.DATABASE_RESUMING, 2);
        backend.dataApi()
                .injectFaults(
                        "/BeginTransaction", dev.polystack.local.dataapi.DataApiEmulator.Fault.DATABASE_RESUMING, 2);
        try {
            MigrationService.Outcome outcome = backend.app().migrations().migrate();
            assertEquals(List.of(), outcome.applied());
        } finally {
            backend.dataApi().clearFaults();
        }
    }

    @Test
    void aFailedMigrationLeavesNoTrace() {
        LocalBackend backend = SharedBackend.get();
        DataApi db = new DataApi(
                backend.app().clients().rdsData(),
                LocalBackend.CLUSTER_ARN,
                LocalBackend.SECRET_ARN,
                backend.settings().dbName());
        Migration broken = Migration.parse(
                "V999__broken.sql", "CREATE TABLE half_done (id int); INSERT INTO no_such_table VALUES (1);");
        MigrationService service = new MigrationService(new RdsDataMigrationTarget(db), List.of(broken));
        assertThrows(RuntimeException.class, service::migrate);
        assertEquals(
                0,
                db.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'half_done'")
                        .records()
                        .get(0)
                        .get(0)
                        .longValue(),
                "the migration's first statement was rolled back");
        assertEquals(
                0,
                db.execute("SELECT count(*) FROM schema_migrations WHERE version = 999")
                        .records()
                        .get(0)
                        .get(0)
                        .longValue(),
                "and it is not recorded as applied");
    }

    @Test
    void migrationsAppliedTwiceChangeNothingTheSecondTime() {
        LocalBackend backend = SharedBackend.get();
        var db = new dev.polystack.shared.adapter.DataApi(
                backend.app().clients().rdsData(),
                LocalBackend.CLUSTER_ARN,
                LocalBackend.SECRET_ARN,
                backend.settings().dbName());
        long before = db.execute("SELECT count(*) FROM schema_migrations")
                .records()
                .get(0)
                .get(0)
                .longValue();
        MigrationService.Outcome again = backend.app().migrations().migrate();
        assertEquals(List.of(), again.applied());
        assertEquals(before, again.skipped().size());
        assertEquals(
                before,
                db.execute("SELECT count(*) FROM schema_migrations")
                        .records()
                        .get(0)
                        .get(0)
                        .longValue());
    }
}
