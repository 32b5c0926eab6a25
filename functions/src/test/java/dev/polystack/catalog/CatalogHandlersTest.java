package dev.polystack.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.Lambda;
import dev.polystack.LogLines;
import dev.polystack.catalog.handler.AdjustStockHandler;
import dev.polystack.catalog.handler.ArchiveProductHandler;
import dev.polystack.catalog.handler.CreateProductHandler;
import dev.polystack.catalog.handler.GetProductHandler;
import dev.polystack.catalog.handler.ListProductsHandler;
import dev.polystack.catalog.handler.RestoreProductHandler;
import dev.polystack.catalog.handler.UpdateProductHandler;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The catalogue's routes fed with the sample events in {@code events/}, over the product port in memory. */
class CatalogHandlersTest {
    static final String ID = "3d0f4c2a-9b7e-4f1a-8c6d-5e2b1a0f9c87";
    final InMemoryProducts products = new InMemoryProducts();
    final CatalogService catalog = new CatalogService(products, InMemoryProducts.IMAGES);

    /** Every administrative route: its sample event and its handler. */
    static final Map<String, Function<CatalogService, RequestStreamHandler>> ADMIN_ROUTES = Map.of(
            "create-product.json", CreateProductHandler::new,
            "update-product.json", UpdateProductHandler::new,
            "adjust-stock.json", AdjustStockHandler::new,
            "archive-product.json", ArchiveProductHandler::new,
            "restore-product.json", RestoreProductHandler::new);

    Product mug() {
        return products.add(
                new Product(ID, "MUG-001", "Enamel camping mug", "Holds 350 ml.", 1299, 25, 1, false, null));
    }

    JsonNode call(String eventFile, String body) {
        ObjectNode event = Lambda.event(eventFile);
        if (body != null) {
            event.put("body", body);
        }
        return Lambda.invoke(ADMIN_ROUTES.get(eventFile).apply(catalog), event);
    }

    static String code(JsonNode response) {
        return Lambda.body(response).get("error").get("code").asText();
    }

    @Test
    void anAdministratorCreatesAProductAtVersionOneWithItsInitialStockInTheLedger() {
        JsonNode response = call("create-product.json", null);
        assertEquals(201, response.get("statusCode").asInt(), response.toString());
        JsonNode product = Lambda.body(response);
        assertEquals("KETTLE-005", product.get("sku").asText());
        assertEquals(1, product.get("version").asLong());
        assertEquals(12, product.get("stock").asInt());
        assertFalse(product.get("archived").asBoolean());
        assertEquals(1, products.ledger.size());

        JsonNode again = call("create-product.json", null);
        assertEquals(409, again.get("statusCode").asInt());
        assertEquals("SKU_TAKEN", code(again));
        assertEquals(1, products.byId.size());
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"name\":\"Kettle\",\"priceCents\":100}|MISSING_FIELD",
                "{\"sku\":\"K-1\",\"name\":\"Kettle\",\"priceCents\":0}|INVALID_PRICE",
                "{\"sku\":\"K-1\",\"name\":\"Kettle\",\"priceCents\":10000000001}|INVALID_PRICE",
                "{\"sku\":\"K-1\",\"name\":\"Kettle\",\"priceCents\":1.5}|INVALID_FIELD_TYPE",
                "{\"sku\":\"K 1\",\"name\":\"Kettle\",\"priceCents\":100}|INVALID_SKU",
                "{\"sku\":\"'; DROP TABLE products; --\",\"name\":\"Kettle\",\"priceCents\":100}|INVALID_SKU",
                "{\"sku\":\"K-1\",\"name\":\"   \",\"priceCents\":100}|INVALID_PRODUCT_NAME",
                "{\"sku\":\"K-1\",\"name\":\"Ket\\u0000tle\",\"priceCents\":100}|INVALID_PRODUCT_NAME",
                "{\"sku\":\"K-1\",\"name\":\"Kettle\",\"priceCents\":100,\"stock\":-1}|INVALID_STOCK",
                "{\"sku\":\"K-1\",\"name\":\"Kettle\",\"priceCents\":100,\"archived\":true}|UNKNOWN_FIELD",
                "{\"sku\":\"K-1\",\"name\":\"Kettle\",\"priceCents\":100,\"description\":\"\\u0007\"}|INVALID_DESCRIPTION"
            })
    void aBadNewProductIs400AndWritesNothing(String body, String expected) {
        JsonNode response = call("create-product.json", body);
        assertEquals(400, response.get("statusCode").asInt(), response.toString());
        assertEquals(expected, code(response));
        assertTrue(products.byId.isEmpty());
    }

    @Test
    void anEditNeedsTheCurrentVersionAndARepeatedEditIsAnsweredAsDone() {
        mug();
        JsonNode edited = call("update-product.json", "{\"name\":\"Camping mug\",\"priceCents\":1399,\"version\":1}");
        assertEquals(200, edited.get("statusCode").asInt(), edited.toString());
        assertEquals(2, Lambda.body(edited).get("version").asLong());
        assertEquals(
                "Holds 350 ml.", Lambda.body(edited).get("description").asText(), "what the PATCH leaves out stays");

        JsonNode repeated = call("update-product.json", "{\"name\":\"Camping mug\",\"priceCents\":1399,\"version\":1}");
        assertEquals(200, repeated.get("statusCode").asInt(), "the same edit again, as after a lost answer");
        assertEquals(2, Lambda.body(repeated).get("version").asLong());

        JsonNode stale = call("update-product.json", "{\"priceCents\":999,\"version\":1}");
        assertEquals(409, stale.get("statusCode").asInt());
        assertEquals("VERSION_CONFLICT", code(stale));
        assertEquals(1399, products.byId.get(ID).priceCents());
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"version\":1}|NOTHING_TO_CHANGE",
                "{\"name\":\"Mug\"}|MISSING_FIELD",
                "{\"name\":\"Mug\",\"version\":0}|INVALID_VERSION",
                "{\"priceCents\":-5,\"version\":1}|INVALID_PRICE",
                "{\"sku\":\"OTHER\",\"version\":1}|UNKNOWN_FIELD"
            })
    void aBadEditIs400AndChangesNothing(String body, String expected) {
        Product before = mug();
        JsonNode response = call("update-product.json", body);
        assertEquals(400, response.get("statusCode").asInt(), response.toString());
        assertEquals(expected, code(response));
        assertEquals(before, products.byId.get(ID));
    }

    @Test
    void stockMovesByRelativeAdjustmentsAndNeverBelowZero() {
        mug();
        JsonNode restocked = call("adjust-stock.json", null);
        assertEquals(200, restocked.get("statusCode").asInt(), restocked.toString());
        assertEquals(35, Lambda.body(restocked).get("stock").asInt());

        JsonNode tooMuch = call("adjust-stock.json", "{\"delta\":-36,\"reason\":\"breakage\"}");
        assertEquals(409, tooMuch.get("statusCode").asInt());
        assertEquals("STOCK_OUT_OF_RANGE", code(tooMuch));
        assertEquals(35, products.byId.get(ID).stock());

        assertEquals(
                0,
                Lambda.body(call("adjust-stock.json", "{\"delta\":-35,\"reason\":\"breakage\"}"))
                        .get("stock")
                        .asInt());
        assertEquals(
                List.of(
                        ID + " 10 delivery from the supplier 7f1c3e0a-3b9e-4c55-9d2f-0c4f5b6a7e81",
                        ID + " -35 breakage 7f1c3e0a-3b9e-4c55-9d2f-0c4f5b6a7e81"),
                products.ledger,
                "who changed the stock, by how much, and why");
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"delta\":0,\"reason\":\"nothing\"}|INVALID_DELTA",
                "{\"delta\":1000000001,\"reason\":\"too many\"}|INVALID_DELTA",
                "{\"delta\":5}|MISSING_FIELD",
                "{\"delta\":5,\"reason\":\" \"}|INVALID_REASON",
                "{\"delta\":\"5\",\"reason\":\"text\"}|INVALID_FIELD_TYPE"
            })
    void aBadAdjustmentIs400AndChangesNothing(String body, String expected) {
        mug();
        JsonNode response = call("adjust-stock.json", body);
        assertEquals(400, response.get("statusCode").asInt(), response.toString());
        assertEquals(expected, code(response));
        assertEquals(25, products.byId.get(ID).stock());
        assertTrue(products.ledger.isEmpty());
    }

    @Test
    void anArchivedProductIsHiddenFromShoppersUntilRestored() {
        mug();
        JsonNode archived = call("archive-product.json", null);
        assertEquals(200, archived.get("statusCode").asInt());
        assertTrue(Lambda.body(archived).get("archived").asBoolean());
        assertEquals(200, call("archive-product.json", null).get("statusCode").asInt(), "archiving twice is harmless");

        JsonNode hidden = Lambda.invoke(new GetProductHandler(catalog), Lambda.event("get-product.json"));
        assertEquals(404, hidden.get("statusCode").asInt());
        assertEquals("PRODUCT_NOT_FOUND", code(hidden));
        assertEquals(
                0,
                Lambda.body(Lambda.invoke(new ListProductsHandler(catalog), Lambda.event("list-products.json")))
                        .get("items")
                        .size());

        assertFalse(
                Lambda.body(call("restore-product.json", null)).get("archived").asBoolean());
        JsonNode shown = Lambda.invoke(new GetProductHandler(catalog), Lambda.event("get-product.json"));
        assertEquals(200, shown.get("statusCode").asInt());
        assertEquals("Enamel camping mug", Lambda.body(shown).get("name").asText());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "create-product.json",
                "update-product.json",
                "adjust-stock.json",
                "archive-product.json",
                "restore-product.json"
            })
    void aCallerWithoutTheAdminRoleIs403EvenWithABadBodyAndChangesNothing(String eventFile) {
        Product before = mug();
        for (String roles : List.of("", "auditor")) {
            ObjectNode event = Lambda.event(eventFile);
            ((ObjectNode) event.get("requestContext").get("authorizer").get("lambda")).put("roles", roles);
            event.put("body", "{\"not\":\"a valid body\"");
            JsonNode response = Lambda.invoke(ADMIN_ROUTES.get(eventFile).apply(catalog), event);
            assertEquals(403, response.get("statusCode").asInt(), roles + ": " + response);
            assertEquals("ADMIN_REQUIRED", code(response));
        }
        assertEquals(Map.of(ID, before), products.byId);
        assertTrue(products.ledger.isEmpty());
    }

    @Test
    void everyChangeIsOnTheLogLineWithTheAdministratorWhoMadeIt() {
        mug();
        try (LogLines logs = LogLines.capture()) {
            call("adjust-stock.json", null);
            JsonNode change = logs.invocations().get(0).get("catalogChange");
            assertEquals(
                    "user:7f1c3e0a-3b9e-4c55-9d2f-0c4f5b6a7e81",
                    change.get("actor").asText(),
                    change.toString());
            assertEquals(ID, change.get("productId").asText());
            assertEquals(
                    "stock +10: delivery from the supplier",
                    change.get("action").asText());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {"00000000-0000-4000-8000-0000000000ff", "not-a-uuid", "3D0F4C2A-9B7E-4F1A-8C6D-5E2B1A0F9C88"})
    void anUnknownProductIs404(String productId) {
        mug();
        ObjectNode event = Lambda.event("get-product.json");
        ((ObjectNode) event.get("pathParameters")).put("productId", productId);
        JsonNode response = Lambda.invoke(new GetProductHandler(catalog), event);
        assertEquals(404, response.get("statusCode").asInt());
        assertEquals("PRODUCT_NOT_FOUND", code(response));
    }
}
