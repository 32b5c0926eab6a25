package dev.polystack.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.Lambda;
import dev.polystack.catalog.handler.CatalogCaching;
import dev.polystack.catalog.handler.GetProductHandler;
import dev.polystack.catalog.handler.ListProductsHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The public catalogue's answers carry Cache-Control and a strong ETag, and a matching If-None-Match gets 304. */
class CatalogCachingTest {
    final InMemoryProducts products = new InMemoryProducts();
    final CatalogService catalog = new CatalogService(products, InMemoryProducts.IMAGES);

    CatalogCachingTest() {
        products.add(new Product(
                "11111111-1111-4111-8111-111111111111", "MUG-001", "Mug", "Enamel", 1299, 25, 1, false, null));
    }

    JsonNode list(String ifNoneMatch) {
        ObjectNode event = Lambda.event("list-products.json");
        if (ifNoneMatch != null) {
            ((ObjectNode) event.get("headers")).put("If-None-Match", ifNoneMatch);
        }
        return Lambda.invoke(new ListProductsHandler(catalog), event);
    }

    @Test
    void aPageCarriesAShortCacheControlAndAStrongEtag() {
        JsonNode response = list(null);
        assertEquals(200, response.get("statusCode").asInt());
        assertEquals(
                "public, max-age=5, stale-while-revalidate=30",
                response.get("headers").get("cache-control").asText());
        String etag = response.get("headers").get("etag").asText();
        assertTrue(etag.matches("\"[0-9a-f]{32}\""), "a strong entity tag: " + etag);
        assertEquals(etag, list(null).get("headers").get("etag").asText(), "the same answer, the same tag");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%s", "W/%s", "\"other\", %s", "*"})
    void aMatchingIfNoneMatchIs304WithoutABody(String form) {
        String etag = list(null).get("headers").get("etag").asText();
        JsonNode notModified = list(form.formatted(etag));
        assertEquals(304, notModified.get("statusCode").asInt());
        assertTrue(!notModified.has("body") || notModified.get("body").isNull(), notModified.toString());
        assertEquals(etag, notModified.get("headers").get("etag").asText());
        assertEquals(
                CatalogCaching.CACHE_CONTROL,
                notModified.get("headers").get("cache-control").asText());
    }

    @Test
    void aChangedProductChangesTheTagSoAnOldOneGetsTheNewBody() {
        String before = list(null).get("headers").get("etag").asText();
        products.add(new Product(
                "22222222-2222-4222-8222-222222222222", "LAMP-001", "Lamp", "Brass", 8900, 3, 1, false, null));
        JsonNode after = list(before);
        assertEquals(200, after.get("statusCode").asInt());
        assertNotEquals(before, after.get("headers").get("etag").asText());
    }

    @Test
    void oneProductIsCacheableAndAnUnknownOneIsNot() {
        ObjectNode event = Lambda.event("get-product.json");
        ((ObjectNode) event.get("pathParameters")).put("productId", "11111111-1111-4111-8111-111111111111");
        JsonNode found = Lambda.invoke(new GetProductHandler(catalog), event);
        assertEquals(200, found.get("statusCode").asInt(), found.toString());
        assertTrue(found.get("headers").has("etag"));

        ((ObjectNode) event.get("pathParameters")).put("productId", "33333333-3333-4333-8333-333333333333");
        JsonNode missing = Lambda.invoke(new GetProductHandler(catalog), event);
        assertEquals(404, missing.get("statusCode").asInt());
        assertFalse(missing.get("headers").has("cache-control"), "an error is never cached");
        assertFalse(missing.get("headers").has("etag"));
    }
}
