package dev.polystack.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.Lambda;
import dev.polystack.catalog.handler.ListProductsHandler;
import dev.polystack.shared.DomainException;
import org.junit.jupiter.api.Test;

class ListProductsHandlerTest {
    final InMemoryProducts products = new InMemoryProducts();

    @Test
    void listsTheCatalogueFromTheRepository() {
        products.add(new Product("p-1", "MUG-001", "Mug", "Enamel", 1299, 25, 1, false, null));
        JsonNode response = Lambda.invoke(new ListProductsHandler(new CatalogService(products)), Lambda.event("list-products.json"));
        assertEquals(200, response.get("statusCode").asInt());
        assertEquals("application/json", response.get("headers").get("content-type").asText());
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
        JsonNode response = Lambda.invoke(new ListProductsHandler(new CatalogService(products)), Lambda.event("list-products.json"));
        assertEquals(500, response.get("statusCode").asInt());
        JsonNode error = Lambda.body(response).get("error");
        assertEquals("INTERNAL_ERROR", error.get("code").asText());
        assertFalse(error.get("message").asText().contains("hunter2"));
    }

    @Test
    void anUnavailableStoreIsA503WithRetryAfter() {
        products.failure = () -> DomainException.unavailable("DATABASE_UNAVAILABLE", "the database is waking up");
        JsonNode response = Lambda.invoke(new ListProductsHandler(new CatalogService(products)), Lambda.event("list-products.json"));
        assertEquals(503, response.get("statusCode").asInt());
        assertEquals("2", response.get("headers").get("retry-after").asText());
        assertEquals("DATABASE_UNAVAILABLE", Lambda.body(response).get("error").get("code").asText());
    }
}
