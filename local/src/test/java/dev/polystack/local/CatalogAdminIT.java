package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.shared.adapter.DataApi;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Catalogue administration end to end: administrators (made by the operator function) create, edit,
 * restock and archive products through the gateway and the Data API emulator over PostgreSQL;
 * shoppers see and order what is for sale; nobody else changes anything.
 */
class CatalogAdminIT {
    static final StackClient API = new StackClient(SharedBackend.get().gatewayEndpoint());
    static RolesIT.Account admin;

    @BeforeAll
    static void anAdministrator() {
        admin = RolesIT.newAdmin();
    }

    static String uniqueSku() {
        return "IT-" + UUID.randomUUID().toString().substring(0, 13);
    }

    static JsonNode create(String sku, String name, String description, long priceCents, int stock) {
        HttpResponse<String> created = API.send(
                "POST",
                "/products",
                admin.token(),
                "{\"sku\":\"" + sku + "\",\"name\":\"" + name + "\",\"description\":\"" + description
                        + "\",\"priceCents\":" + priceCents + ",\"stock\":" + stock + "}");
        assertEquals(201, created.statusCode(), created.body());
        return StackClient.json(created);
    }

    static HttpResponse<String> adjust(String token, String productId, int delta, String reason) {
        return API.send(
                "POST",
                "/products/" + productId + "/stock",
                token,
                "{\"delta\":" + delta + ",\"reason\":\"" + reason + "\"}");
    }

    static HttpResponse<String> order(String token, String key, String productId, int quantity) {
        return API.send("POST", "/orders", token, OrderIT.items(productId, quantity), "Idempotency-Key", key);
    }

    static long ledgerSum(String productId) {
        return OrderIT.count("SELECT COALESCE(sum(delta), 0) FROM stock_adjustments WHERE product_id = :id", productId);
    }

    static <T> List<T> concurrently(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> result : pool.invokeAll(calls)) {
                results.add(result.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anAdministratorCreatesEditsRestocksAndArchivesWhileShoppersSeeOnlyWhatIsForSale() {
        JsonNode kettle = create(uniqueSku(), "Stovetop kettle", "A 1.5 litre enamel kettle.", 3450, 12);
        String id = kettle.get("productId").asText();
        assertEquals(1, kettle.get("version").asLong());
        assertFalse(kettle.get("archived").asBoolean());

        JsonNode seen = StackClient.json(API.send("GET", "/products/" + id, null, null));
        assertEquals("Stovetop kettle", seen.get("name").asText());
        assertFalse(seen.has("archived"));

        HttpResponse<String> edited = API.send(
                "PATCH",
                "/products/" + id,
                admin.token(),
                "{\"priceCents\":3990,\"description\":\"Now 2 litres.\",\"version\":1}");
        assertEquals(200, edited.statusCode(), edited.body());
        assertEquals(2, StackClient.json(edited).get("version").asLong());
        assertEquals("Stovetop kettle", StackClient.json(edited).get("name").asText(), "left as it was");
        HttpResponse<String> stale =
                API.send("PATCH", "/products/" + id, admin.token(), "{\"name\":\"Kettle\",\"version\":1}");
        assertEquals(409, stale.statusCode());
        assertEquals(
                "VERSION_CONFLICT",
                StackClient.json(stale).get("error").get("code").asText());

        HttpResponse<String> restocked = adjust(admin.token(), id, 8, "delivery");
        assertEquals(200, restocked.statusCode(), restocked.body());
        assertEquals(20, StackClient.json(restocked).get("stock").asInt());
        HttpResponse<String> belowZero = adjust(admin.token(), id, -21, "stocktake");
        assertEquals(409, belowZero.statusCode());
        assertEquals(
                "STOCK_OUT_OF_RANGE",
                StackClient.json(belowZero).get("error").get("code").asText());
        assertEquals(20, OrderIT.stock(id));
        assertEquals(20, ledgerSum(id), "initial stock and the delivery, nothing of the refusal");

        HttpResponse<String> archived = API.send("POST", "/products/" + id + "/archive", admin.token(), null);
        assertEquals(200, archived.statusCode(), archived.body());
        assertTrue(StackClient.json(archived).get("archived").asBoolean());
        assertEquals(404, API.send("GET", "/products/" + id, null, null).statusCode(), "hidden from shoppers");
        assertFalse(API.send("GET", "/products?limit=100", null, null).body().contains(id));
        HttpResponse<String> refused = order(API.newUserToken(), "archived-" + id, id, 1);
        assertEquals(422, refused.statusCode());
        assertEquals(
                "PRODUCT_UNAVAILABLE",
                StackClient.json(refused).get("error").get("code").asText());
        assertEquals(20, OrderIT.stock(id), "nothing written");

        assertEquals(
                200,
                API.send("POST", "/products/" + id + "/restore", admin.token(), null)
                        .statusCode());
        assertEquals(200, API.send("GET", "/products/" + id, null, null).statusCode());
    }

    @Test
    void aShopperOrdersANewProductAndKeepsItsOrderAfterTheProductIsArchived() {
        String id = create(uniqueSku(), "Wool socks", "Merino, two pairs.", 1500, 3)
                .get("productId")
                .asText();
        String shopper = API.newUserToken();
        HttpResponse<String> placed = order(shopper, "socks-1", id, 2);
        assertEquals(201, placed.statusCode(), placed.body());
        assertEquals(3000, StackClient.json(placed).get("totalCents").asLong());
        assertEquals(
                1,
                StackClient.json(API.send("GET", "/products/" + id, null, null))
                        .get("stock")
                        .asInt());

        assertEquals(
                200,
                API.send("POST", "/products/" + id + "/archive", admin.token(), null)
                        .statusCode());
        String orderId = StackClient.json(placed).get("orderId").asText();
        JsonNode kept = StackClient.json(API.send("GET", "/orders/" + orderId, shopper, null));
        assertEquals(id, kept.get("items").get(0).get("productId").asText(), "past orders keep archived products");
        HttpResponse<String> retry = order(shopper, "socks-1", id, 2);
        assertEquals(201, retry.statusCode(), "a retry of the earlier order still finds it");
        assertEquals(orderId, StackClient.json(retry).get("orderId").asText());
    }

    /** Restocks, take-aways and orders race for one product: every change lands exactly once, and the stock never goes below zero. */
    @Test
    void concurrentStockAdjustmentsAndOrdersKeepTheStockExact() throws Exception {
        int initial = 10;
        String id = create(uniqueSku(), "Race product", "Raced by orders and adjustments.", 100, initial)
                .get("productId")
                .asText();
        List<String> shoppers = List.of(API.newUserToken(), API.newUserToken(), API.newUserToken());
        List<Callable<int[]>> calls = new ArrayList<>();
        for (int i = 0; i < 36; i++) {
            int n = i;
            calls.add(() ->
                    new int[] {0, order(shoppers.get(n % 3), "race-" + n, id, 1).statusCode()});
        }
        for (int i = 0; i < 12; i++) {
            calls.add(() ->
                    new int[] {2, adjust(admin.token(), id, 2, "delivery").statusCode()});
            calls.add(() ->
                    new int[] {-3, adjust(admin.token(), id, -3, "breakage").statusCode()});
        }
        Collections.shuffle(calls);
        List<int[]> outcomes = concurrently(calls);

        long sold = outcomes.stream().filter(o -> o[0] == 0 && o[1] == 201).count();
        long applied = outcomes.stream()
                .filter(o -> o[0] != 0 && o[1] == 200)
                .mapToLong(o -> o[0])
                .sum();
        // An order that waited its bound (lock_timeout) for stock an adjustment held is 503 STOCK_BUSY, with nothing
        // written.
        assertTrue(
                outcomes.stream()
                        .allMatch(o -> o[1] == 409 || o[1] == (o[0] == 0 ? 201 : 200) || (o[0] == 0 && o[1] == 503)),
                "every refusal is a 409 (OUT_OF_STOCK or STOCK_OUT_OF_RANGE) or an order's 503 STOCK_BUSY: "
                        + outcomes.stream().map(o -> o[0] + ":" + o[1]).toList());
        assertTrue(outcomes.stream().anyMatch(o -> o[0] == 2 && o[1] == 200), "restocks happened");
        long remaining = OrderIT.stock(id);
        System.out.println("[measure] stock race: initial " + initial + ", adjustments applied " + applied + ", sold "
                + sold + ", remaining " + remaining);
        assertEquals(initial + applied, remaining + sold, "initial + restocked = remaining + sold");
        assertTrue(remaining >= 0);
        assertEquals(
                sold,
                OrderIT.count("SELECT COALESCE(sum(quantity), 0) FROM order_items WHERE product_id = :id", id),
                "each sale is in an order");
        assertEquals(initial + applied, ledgerSum(id), "each applied adjustment is in the ledger once");
    }

    @Test
    void concurrentEditsOfOneVersionLetExactlyOneWin() throws Exception {
        String id =
                create(uniqueSku(), "Contested", "", 500, 0).get("productId").asText();
        List<Callable<Integer>> edits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int price = 600 + i;
            edits.add(() -> API.send(
                            "PATCH", "/products/" + id, admin.token(), "{\"priceCents\":" + price + ",\"version\":1}")
                    .statusCode());
        }
        List<Integer> statuses = concurrently(edits);
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(5, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        assertEquals(
                2,
                StackClient.json(API.send("GET", "/products/" + id, null, null))
                        .get("version")
                        .asLong());
    }

    @Test
    void textFullOfSqlSyntaxIsStoredLiterally() {
        String name = "Robert'); DROP TABLE products; -- :name $$ ?";
        String description = "' OR 1=1 -- /* */ ;";
        JsonNode created = create(uniqueSku(), name, description, 100, 0);
        assertEquals(name, created.get("name").asText());
        assertEquals(
                200,
                API.send("GET", "/products/" + created.get("productId").asText(), null, null)
                        .statusCode());
        assertEquals(
                name,
                OrderIT.db()
                        .execute(
                                "SELECT name FROM products WHERE id = :id",
                                DataApi.uuid("id", created.get("productId").asText()))
                        .records()
                        .get(0)
                        .get(0)
                        .stringValue());
    }

    /** A word no other test uses, so a search sees only this test's products. */
    static String nonce() {
        StringBuilder word = new StringBuilder("vorpal");
        ThreadLocalRandom.current().ints(8, 'a', 'z' + 1).forEach(c -> word.append((char) c));
        return word.toString();
    }

    static JsonNode search(String query) {
        HttpResponse<String> response = API.send("GET", "/products?" + query, null, null);
        assertEquals(200, response.statusCode(), response.body());
        return StackClient.json(response);
    }

    static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("items").forEach(item -> names.add(item.get("name").asText()));
        return names;
    }

    static String q(String words) {
        return URLEncoder.encode(words, StandardCharsets.UTF_8);
    }

    @Test
    void searchFindsWordsOfNamesAndDescriptionsInAnyFormAndRanksTheNameFirst() {
        String word = nonce();
        create(uniqueSku(), "Whistling kettles " + word, "Enamel, for gas hobs.", 3450, 5);
        create(uniqueSku(), "Teapot", "Pairs well with the " + word + " range of kettles.", 2500, 5);
        create(uniqueSku(), "Tea towel", "Linen, for drying cups.", 900, 5);

        assertEquals(
                List.of("Whistling kettles " + word, "Teapot"),
                names(search("q=" + word)),
                "a name match ranks above a description match");
        assertEquals(
                List.of("Whistling kettles " + word, "Teapot"),
                names(search("q=" + q("kettle " + word))),
                "kettle finds kettles (stemming)");
        assertEquals(List.of("Teapot"), names(search("q=" + q(word + " range"))), "all words must match");
        assertEquals(
                List.of("Whistling kettles " + word),
                names(search("q=" + q(word + " -range"))),
                "web search syntax: a minus excludes");
        SharedBackend.CALLS.reset();
        search("q=" + word);
        assertEquals(List.of("RdsData.ExecuteStatement"), SharedBackend.CALLS.calls(), "one Data API call per search");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "'; DROP TABLE products; --",
                "x' OR '1'='1",
                ":* & | ! ( ) <-> \\",
                "\"unclosed",
                "$$ ; SELECT 1",
                "%_%",
                "NULL",
                "a:*B & !c"
            })
    void searchTreatsSqlAndQuerySyntaxAsText(String words) {
        String word = nonce();
        create(uniqueSku(), "Plain " + word, "Nothing special.", 100, 1);
        JsonNode found = search("q=" + q(words + " " + word));
        assertTrue(found.get("items").size() <= 1, found.toString());
        assertEquals(List.of("Plain " + word), names(search("q=" + q(word))), "the table is still there");
        JsonNode literal =
                create(uniqueSku(), "Odd " + word, words.replace("\\", "\\\\").replace("\"", "\\\""), 100, 1);
        assertEquals(words, literal.get("description").asText(), "stored literally");
    }

    @Test
    void searchAndListingPageInTheirOrderAndFilterByPriceAndStock() {
        String word = nonce();
        List<String> skus = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            skus.add(create(uniqueSku(), word + " item " + i, (word + " ").repeat(i), 100L * i, i % 2)
                    .get("sku")
                    .asText());
        }
        JsonNode archived = create(uniqueSku(), word + " archived", word, 100, 1);
        assertEquals(
                200,
                API.send("POST", "/products/" + archived.get("productId").asText() + "/archive", admin.token(), null)
                        .statusCode());

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = search("q=" + word + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            seen.addAll(names(page));
            cursor = page.has("nextCursor") ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        assertEquals(
                List.of(word + " item 5", word + " item 4", word + " item 3", word + " item 2", word + " item 1"),
                seen,
                "the most mentions rank first; pages neither repeat nor skip; the archived one is hidden");

        assertEquals(
                List.of(word + " item 3", word + " item 2"),
                names(search("q=" + word + "&minPriceCents=200&maxPriceCents=300")));
        assertEquals(
                List.of(word + " item 5", word + " item 3", word + " item 1"),
                names(search("q=" + word + "&inStock=true")));
        HttpResponse<String> badCursor =
                API.send("GET", "/products?q=" + word + "&cursor=" + "YiBNVUctMDAx", null, null);
        assertEquals(400, badCursor.statusCode(), "a listing's cursor is not a search's");
        assertEquals(
                "INVALID_CURSOR",
                StackClient.json(badCursor).get("error").get("code").asText());

        List<String> listed = new ArrayList<>();
        String next = null;
        do {
            JsonNode page =
                    search("limit=3&minPriceCents=100&maxPriceCents=500" + (next == null ? "" : "&cursor=" + next));
            page.get("items").forEach(item -> listed.add(item.get("sku").asText()));
            next = page.has("nextCursor") ? page.get("nextCursor").asText() : null;
        } while (next != null);
        assertEquals(listed.stream().sorted().toList(), listed, "a listing pages by SKU");
        assertEquals(listed.stream().distinct().count(), listed.size());
        assertTrue(
                listed.containsAll(skus), "every page of the listing together holds the products in the price range");
    }

    /** An administrator uploads an image for the product: the key it was signed for. */
    static String uploadImage(String productId, byte[] png) {
        HttpResponse<String> signed = API.send(
                "POST",
                "/products/" + productId + "/image",
                admin.token(),
                "{\"fileName\":\"photo.png\",\"contentType\":\"image/png\",\"contentLength\":" + png.length
                        + ",\"method\":\"PUT\"}");
        assertEquals(201, signed.statusCode(), signed.body());
        assertEquals(200, ProcessStack.putUpload(StackClient.json(signed), png));
        return StackClient.json(signed).get("key").asText();
    }

    /** The product as shoppers see it once its image key is {@code key} (S3 runs the completion asynchronously). */
    static JsonNode awaitImage(String productId, String key) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
        do {
            if (key.equals(imageKey(productId))) {
                return StackClient.json(API.send("GET", "/products/" + productId, null, null));
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the product's image never became " + key + "; it is " + imageKey(productId));
    }

    static String imageKey(String productId) {
        return DataApi.string(
                OrderIT.db()
                        .execute("SELECT image_key FROM products WHERE id = :id", DataApi.uuid("id", productId))
                        .records()
                        .get(0),
                0);
    }

    static List<String> objectsUnder(String prefix) {
        return SharedBackend.get()
                .app()
                .clients()
                .s3()
                .listObjectsV2Paginator(b -> b.bucket(LocalBackend.BUCKET).prefix(prefix))
                .contents()
                .stream()
                .map(software.amazon.awssdk.services.s3.model.S3Object::key)
                .toList();
    }

    static byte[] png(String marker) {
        byte[] header = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        byte[] text = marker.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(header, header.length + text.length);
        System.arraycopy(text, 0, bytes, header.length, text.length);
        return bytes;
    }

    @Test
    void anUploadedImageBecomesTheProductsImageLoadsFromItsUrlAndItsReplacementLeavesNoOrphan() throws Exception {
        String id = create(uniqueSku(), "Pictured mug", "", 1299, 5)
                .get("productId")
                .asText();
        byte[] first = png("first image");
        String firstKey = uploadImage(id, first);
        assertTrue(firstKey.startsWith("products/" + id + "/"), firstKey);
        JsonNode shown = awaitImage(id, firstKey);
        String url = shown.get("imageUrl").asText();
        assertTrue(url.contains("/products/" + id + "/") && !url.contains("/uploads/"), url);
        assertTrue(
                java.util.Arrays.equals(
                        first,
                        SharedBackend.sendBytes(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                .GET())),
                "a browser loads it from its URL: " + url);
        assertEquals(firstKey, imageKey(id), "the row keeps the object key, not a URL");

        byte[] second = png("second image");
        String secondKey = uploadImage(id, second);
        JsonNode replaced = awaitImage(id, secondKey);
        assertTrue(java.util.Arrays.equals(
                second,
                SharedBackend.sendBytes(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(replaced.get("imageUrl").asText()))
                        .GET())));
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (!objectsUnder("products/" + id + "/").equals(List.of(secondKey)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(secondKey), objectsUnder("products/" + id + "/"), "the replaced image is deleted");
        assertTrue(
                SharedBackend.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                        .GET())
                                .statusCode()
                        >= 400,
                "the old image's URL no longer loads");
    }

    @Test
    void anImageThatDoesNotMatchWhatWasSignedNeverBecomesTheProductsImage() throws Exception {
        String id = create(uniqueSku(), "Unpictured mug", "", 1299, 5)
                .get("productId")
                .asText();
        HttpResponse<String> signed = API.send(
                "POST",
                "/products/" + id + "/image",
                admin.token(),
                "{\"fileName\":\"photo.png\",\"contentType\":\"image/png\",\"contentLength\":20,\"method\":\"POST\"}");
        assertEquals(201, signed.statusCode(), signed.body());
        JsonNode form = StackClient.json(signed);
        int status = UploadIT.post(form.get("url").asText(), UploadIT.fields(form), "image/png", png("short"));
        assertTrue(status < 300, "the form accepts any size within the policy's range: " + status);
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (!objectsUnder("products/" + id + "/").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), objectsUnder("products/" + id + "/"), "deleted on arrival: 13 bytes, 20 declared");
        assertEquals(null, imageKey(id));
        HttpResponse<String> pdf = API.send(
                "POST",
                "/products/" + id + "/image",
                admin.token(),
                "{\"fileName\":\"a.pdf\",\"contentType\":\"application/pdf\",\"contentLength\":20,\"method\":\"PUT\"}");
        assertEquals(400, pdf.statusCode());
        assertEquals(
                "UNSUPPORTED_CONTENT_TYPE",
                StackClient.json(pdf).get("error").get("code").asText());
    }

    /** Every administrative route, with a body it would accept from an administrator. */
    static Stream<String[]> adminRoutes() {
        String id = "00000000-0000-4000-8000-000000000004";
        return Stream.of(
                new String[] {
                    "POST",
                    "/products",
                    "{\"sku\":\"MATRIX-" + UUID.randomUUID().toString().substring(0, 8)
                            + "\",\"name\":\"X\",\"priceCents\":1}"
                },
                new String[] {"PATCH", "/products/" + id, "{\"priceCents\":1,\"version\":1}"},
                new String[] {"POST", "/products/" + id + "/stock", "{\"delta\":-100,\"reason\":\"matrix\"}"},
                new String[] {"POST", "/products/" + id + "/archive", null},
                new String[] {"POST", "/products/" + id + "/restore", null},
                new String[] {
                    "POST",
                    "/products/" + id + "/image",
                    "{\"fileName\":\"a.png\",\"contentType\":\"image/png\",\"contentLength\":9,\"method\":\"PUT\"}"
                },
                new String[] {"PUT", "/users/{admin}/roles/admin", null},
                new String[] {"DELETE", "/users/{admin}/roles/admin", null});
    }

    /**
     * OWASP API5: a signed-in user without the role, an administrator whose role was just revoked (same
     * token, next request), and a caller without a token, on every administrative route: 403, 403 and
     * the gateway's 401, and nothing written anywhere.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("adminRoutes")
    void everyAdministrativeRouteRefusesEveryoneElseAndWritesNothing(String method, String path, String body) {
        RolesIT.Account target = RolesIT.newAdmin();
        RolesIT.Account revoked = RolesIT.newAdmin();
        assertEquals(
                200,
                RolesIT.role("DELETE", admin.token(), revoked.userId(), "admin").statusCode());
        String plainUser = API.newUserToken();
        String concretePath = path.replace("{admin}", target.userId());
        LocalBackend backend = SharedBackend.get();

        StoreSnapshot before = StoreSnapshot.of(backend);
        HttpResponse<String> asUser = API.send(method, concretePath, plainUser, body);
        HttpResponse<String> asRevoked = API.send(method, concretePath, revoked.token(), body);
        HttpResponse<String> anonymous = API.send(method, concretePath, null, body);
        assertEquals(before, StoreSnapshot.of(backend), "nothing written");

        for (HttpResponse<String> refused : List.of(asUser, asRevoked)) {
            assertEquals(403, refused.statusCode(), refused.body());
            assertEquals(
                    "ADMIN_REQUIRED",
                    StackClient.json(refused).get("error").get("code").asText());
        }
        assertEquals(401, anonymous.statusCode());
        assertEquals(
                "Unauthorized",
                StackClient.json(anonymous).get("message").asText(),
                "API Gateway's answer: the function never ran");
        assertEquals("admin", RolesIT.roles(target).get(0).asText());
    }
}
