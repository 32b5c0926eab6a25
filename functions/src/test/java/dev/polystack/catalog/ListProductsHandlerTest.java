package dev.polystack.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.Lambda;
import dev.polystack.catalog.handler.ListProductsHandler;
import dev.polystack.shared.DomainException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListProductsHandlerTest {
    final InMemoryProducts products = new InMemoryProducts();

    @Test
    void listsTheCatalogueFromTheRepository() {
        products.add(new Product("p-1", "MUG-001", "Mug", "Enamel", 1299, 25, 1, false, null));
        JsonNode response = Lambda.invoke(
                new ListProductsHandler(new CatalogService(products, InMemoryProducts.IMAGES)),
                Lambda.event("list-products.json"));
        assertEquals(200, response.get("statusCode").asInt());
        assertEquals(
                "application/json", response.get("headers").get("content-type").asText());
        JsonNode item = Lambda.body(response).get("items").get(0);
        assertEquals("p-1", item.get("productId").asText());
        assertEquals("MUG-001", item.get("sku").asText());
        assertEquals(1299, item.get("priceCents").asLong());
        assertEquals(25, item.get("stock").asInt());
        assertFalse(item.has("archived"), "shoppers never see archived products, so the flag is not theirs");
    }

    @Test
    void anUnexpectedFailureIsA500WithoutInternals() {
        products.failure = () -> new IllegalStateException("connection string with password=hunter2");
        JsonNode response = Lambda.invoke(
                new ListProductsHandler(new CatalogService(products, InMemoryProducts.IMAGES)),
                Lambda.event("list-products.json"));
        assertEquals(500, response.get("statusCode").asInt());
        JsonNode error = Lambda.body(response).get("error");
        assertEquals("INTERNAL_ERROR", error.get("code").asText());
        assertFalse(error.get("message").asText().contains("hunter2"));
    }

    @Test
    void anUnavailableStoreIsA503WithRetryAfter() {
        products.failure = () -> DomainException.unavailable("DATABASE_UNAVAILABLE", "the database is waking up");
        JsonNode response = Lambda.invoke(
                new ListProductsHandler(new CatalogService(products, InMemoryProducts.IMAGES)),
                Lambda.event("list-products.json"));
        assertEquals(503, response.get("statusCode").asInt());
        assertEquals("2", response.get("headers").get("retry-after").asText());
        assertEquals(
                "DATABASE_UNAVAILABLE",
                Lambda.body(response).get("error").get("code").asText());
    }

    JsonNode list(Map<String, String> query) {
        ObjectNode event = Lambda.event("list-products.json");
        ObjectNode parameters = event.putObject("queryStringParameters");
        query.forEach(parameters::put);
        return Lambda.invoke(new ListProductsHandler(new CatalogService(products, InMemoryProducts.IMAGES)), event);
    }

    static List<String> skus(JsonNode response) {
        List<String> skus = new ArrayList<>();
        Lambda.body(response)
                .get("items")
                .forEach(item -> skus.add(item.get("sku").asText()));
        return skus;
    }

    void catalogue() {
        products.add(new Product("p-1", "A-1", "Enamel mug", "A camping mug.", 1299, 25, 1, false, null));
        products.add(new Product("p-2", "A-2", "Brass lamp", "Lights a desk; not a mug.", 8900, 0, 1, false, null));
        products.add(new Product("p-3", "A-3", "Notebook", "Dotted pages.", 799, 100, 1, false, null));
        products.add(new Product("p-4", "A-4", "Old mug", "Archived.", 500, 3, 1, true, null));
        products.add(new Product("p-5", "A-5", "Tea towel", "Linen.", 999, 7, 1, false, null));
    }

    @Test
    void pagesFollowTheCursorUntilTheLastPageHasNone() {
        catalogue();
        JsonNode first = list(Map.of("limit", "2"));
        assertEquals(List.of("A-1", "A-2"), skus(first));
        JsonNode second = list(Map.of(
                "limit", "2", "cursor", Lambda.body(first).get("nextCursor").asText()));
        assertEquals(List.of("A-3", "A-5"), skus(second), "the archived A-4 is not for sale");
        assertFalse(Lambda.body(second).has("nextCursor"), "nothing after the last page");
    }

    @Test
    void aSearchRanksANameMatchAboveADescriptionMatchAndPagesInThatOrder() {
        catalogue();
        JsonNode first = list(Map.of("q", "mug", "limit", "1"));
        assertEquals(List.of("A-1"), skus(first));
        JsonNode second = list(Map.of(
                "q",
                "mug",
                "limit",
                "1",
                "cursor",
                Lambda.body(first).get("nextCursor").asText()));
        assertEquals(List.of("A-2"), skus(second));
        assertFalse(Lambda.body(second).has("nextCursor"));
    }

    @Test
    void filtersNarrowByPriceAndStock() {
        catalogue();
        assertEquals(List.of("A-1", "A-5"), skus(list(Map.of("minPriceCents", "900", "maxPriceCents", "1299"))));
        assertEquals(List.of("A-1", "A-3", "A-5"), skus(list(Map.of("inStock", "true"))));
        assertEquals(List.of("A-2"), skus(list(Map.of("inStock", "false"))));
        assertEquals(List.of("A-1"), skus(list(Map.of("q", "mug", "inStock", "true"))));
    }

    @ParameterizedTest(name = "{0}={1}: {2}")
    @CsvSource({
        "limit,0,INVALID_LIMIT",
        "limit,x,INVALID_LIMIT",
        "cursor,not-a-cursor,INVALID_CURSOR",
        "minPriceCents,-1,INVALID_PRICE_FILTER",
        "maxPriceCents,1.5,INVALID_PRICE_FILTER",
        "inStock,yes,INVALID_IN_STOCK"
    })
    void aBadParameterIs400(String name, String value, String code) {
        catalogue();
        JsonNode response = list(Map.of(name, value));
        assertEquals(400, response.get("statusCode").asInt(), response.toString());
        assertEquals(code, Lambda.body(response).get("error").get("code").asText());
    }

    @Test
    void aCursorOnlyWorksForTheKindOfListingThatMadeIt() {
        catalogue();
        String browsing =
                Lambda.body(list(Map.of("limit", "1"))).get("nextCursor").asText();
        JsonNode mixed = list(Map.of("q", "mug", "cursor", browsing));
        assertEquals(400, mixed.get("statusCode").asInt());
        assertEquals(
                "INVALID_CURSOR", Lambda.body(mixed).get("error").get("code").asText());
        Map<String, String> tooLong = new LinkedHashMap<>();
        tooLong.put("q", "x".repeat(201));
        assertEquals(
                "INVALID_QUERY",
                Lambda.body(list(tooLong)).get("error").get("code").asText());
        assertEquals(List.of(), skus(list(Map.of("minPriceCents", "5000", "maxPriceCents", "6000"))));
        assertTrue(skus(list(Map.of("q", "   "))).size() == 4, "blank words are no search");
    }
}
