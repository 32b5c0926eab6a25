package dev.polystack.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.Lambda;
import dev.polystack.MutableClock;
import dev.polystack.catalog.CatalogService;
import dev.polystack.catalog.InMemoryProducts;
import dev.polystack.catalog.Product;
import dev.polystack.catalog.handler.GetProductHandler;
import dev.polystack.upload.handler.CreateProductImageUploadHandler;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Product images: signed for administrators under the product's prefix, verified on arrival, attached, and never left behind. */
class ProductImagesTest {
    static final String PRODUCT = "3d0f4c2a-9b7e-4f1a-8c6d-5e2b1a0f9c87";
    final InMemoryProducts products = new InMemoryProducts();
    final CatalogService catalog = new CatalogService(products, InMemoryProducts.IMAGES);
    final UploadHandlersTest.FakeStorage storage = new UploadHandlersTest.FakeStorage();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    final UploadHandlersTest.FakeRepository records = new UploadHandlersTest.FakeRepository(clock);
    final UploadService uploads = new UploadService(
            records, new UploadHandlersTest.FakeSigner(), storage, UploadPolicy.defaults(), clock, new ProductImages() {
                @Override
                public boolean exists(String productId) {
                    return catalog.exists(productId);
                }

                @Override
                public Optional<String> attach(String productId, String key) {
                    return catalog.attachImage(productId, key);
                }
            });

    @BeforeEach
    void aProduct() {
        products.add(new Product(PRODUCT, "MUG-001", "Enamel camping mug", "", 1299, 25, 1, false, null));
    }

    JsonNode requestUpload(String body) {
        ObjectNode event = Lambda.event("create-product-image.json");
        if (body != null) {
            event.put("body", body);
        }
        return Lambda.invoke(new CreateProductImageUploadHandler(uploads), event);
    }

    /** An administrator asks to upload a 9-byte PNG: the key it was given. */
    String signed() {
        JsonNode created = requestUpload(null);
        assertEquals(201, created.get("statusCode").asInt(), created.toString());
        clock.now = clock.now.plusMillis(5);
        return Lambda.body(created).get("key").asText();
    }

    /** The bytes arrive at the key, as signed. */
    String arrived(String key) {
        storage.objects.put(key, new UploadStorage.StoredObject(9, "image/png", null));
        return key;
    }

    String uploaded() {
        return arrived(signed());
    }

    JsonNode shopperView() {
        return Lambda.body(Lambda.invoke(new GetProductHandler(catalog), Lambda.event("get-product.json")));
    }

    @Test
    void aVerifiedImageBecomesTheProductsImageServedByUrlWhileTheRowKeepsOnlyTheKey() {
        String key = uploaded();
        assertTrue(key.startsWith("products/" + PRODUCT + "/"), key);
        assertFalse(shopperView().has("imageUrl"), "not before it arrived and passed");

        assertEquals(UploadService.Completion.IMAGE_ATTACHED, uploads.complete(key));
        assertEquals(key, products.byId.get(PRODUCT).imageKey());
        assertEquals(
                "https://images.example.com/" + key,
                shopperView().get("imageUrl").asText());
        assertEquals(
                UploadService.Completion.IMAGE_ATTACHED, uploads.complete(key), "a repeated event changes nothing");
    }

    @Test
    void replacingAnImageDeletesTheOldOneEvenWhenTheirEventsArriveOutOfOrder() {
        String first = uploaded();
        assertEquals(UploadService.Completion.IMAGE_ATTACHED, uploads.complete(first));
        String second = uploaded();
        assertEquals(UploadService.Completion.IMAGE_ATTACHED, uploads.complete(second));
        assertEquals(Set.of(second), storage.objects.keySet(), "the replaced image is deleted");

        String older = signed();
        String newer = uploaded();
        assertEquals(UploadService.Completion.IMAGE_ATTACHED, uploads.complete(newer));
        arrived(older);
        assertEquals(
                UploadService.Completion.IMAGE_SUPERSEDED, uploads.complete(older), "the older image arrived last");
        assertEquals(newer, products.byId.get(PRODUCT).imageKey());
        assertEquals(Set.of(newer), storage.objects.keySet(), "no orphan");
    }

    @Test
    void anOlderImageDeletedBeforeItsOwnEventLeavesNothingToDo() {
        String older = uploaded();
        String newer = uploaded();
        assertEquals(UploadService.Completion.IMAGE_ATTACHED, uploads.complete(newer));
        assertEquals(UploadService.Completion.OBJECT_GONE, uploads.complete(older));
        assertEquals(Set.of(newer), storage.objects.keySet());
    }

    @Test
    void anImageThatDoesNotMatchWhatWasSignedIsDeletedAndNotAttached() {
        String key = uploaded();
        storage.objects.put(key, new UploadStorage.StoredObject(9000, "image/png", null));
        assertEquals(UploadService.Completion.REJECTED, uploads.complete(key));
        assertNull(products.byId.get(PRODUCT).imageKey());
        assertTrue(storage.objects.isEmpty());
    }

    @Test
    void onlyAdministratorsGetAnImageUploadOnlyForImagesAndOnlyForAProduct() {
        ObjectNode shopper = Lambda.event("create-product-image.json");
        ((ObjectNode) shopper.get("requestContext").get("authorizer").get("lambda")).put("roles", "");
        JsonNode refused = Lambda.invoke(new CreateProductImageUploadHandler(uploads), shopper);
        assertEquals(403, refused.get("statusCode").asInt());
        assertEquals(
                "ADMIN_REQUIRED", Lambda.body(refused).get("error").get("code").asText());

        JsonNode pdf = requestUpload(
                "{\"fileName\":\"a.pdf\",\"contentType\":\"application/pdf\",\"contentLength\":9,\"method\":\"PUT\"}");
        assertEquals(400, pdf.get("statusCode").asInt());
        assertEquals(
                "UNSUPPORTED_CONTENT_TYPE",
                Lambda.body(pdf).get("error").get("code").asText());

        ObjectNode unknown = Lambda.event("create-product-image.json");
        ((ObjectNode) unknown.get("pathParameters")).put("productId", "00000000-0000-4000-8000-0000000000ff");
        JsonNode missing = Lambda.invoke(new CreateProductImageUploadHandler(uploads), unknown);
        assertEquals(404, missing.get("statusCode").asInt());
        assertEquals(
                "PRODUCT_NOT_FOUND",
                Lambda.body(missing).get("error").get("code").asText());
        assertTrue(records.byId.isEmpty(), "nothing written");
    }
}
