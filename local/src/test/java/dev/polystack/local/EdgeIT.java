package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.catalog.handler.CatalogCaching;
import dev.polystack.local.dataapi.DataApiEmulator;
import dev.polystack.local.edge.EdgeCache;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The catalogue through the local edge cache (the shared stack starts one, as {@code local/start} does):
 * repeated browsing barely reaches PostgreSQL, an administrator's change still shows within the max-age,
 * guarded routes are never shared, and a plain HTTP client sees CloudFront's Age, ETag and 304.
 */
class EdgeIT {
    static final String MUG = "00000000-0000-4000-8000-000000000001";
    static final String NOTEBOOK = "00000000-0000-4000-8000-000000000004";
    /** What a browsing crowd asks for: listings, searches, filters, pages and product pages. */
    static final List<String> BROWSING = List.of(
            "/products",
            "/products?limit=2",
            "/products?q=mug",
            "/products?q=camping+mug&maxPriceCents=2000&inStock=true&limit=10",
            "/products?inStock=true",
            "/products?minPriceCents=500&maxPriceCents=5000",
            "/products/" + MUG,
            "/products/" + NOTEBOOK);

    static final int REQUESTS = 1_000;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static EdgeCache edge;
    static DataApiEmulator dataApi;
    static StackClient viaEdge;

    @BeforeAll
    static void theSharedStacksEdge() {
        LocalBackend backend = SharedBackend.get();
        edge = backend.edge().orElseThrow(() -> new AssertionError("the shared stack starts an edge cache"));
        dataApi = backend.dataApi();
        viaEdge = new StackClient(edge.endpoint());
    }

    static HttpResponse<String> get(URI base, String path, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return StackClient.send(request);
    }

    static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void afterAWarmUpAtMostFivePercentOfRepeatedCatalogueRequestsReachPostgres() throws Exception {
        for (String path : BROWSING) {
            assertEquals(200, get(edge.endpoint(), path).statusCode(), path);
        }
        long before = dataApi.requests();
        long started = System.nanoTime();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String path = BROWSING.get(i % BROWSING.size());
            calls.add(() -> get(edge.endpoint(), path).statusCode());
        }
        ExecutorService shoppers = Executors.newFixedThreadPool(8);
        try {
            for (Future<Integer> status : shoppers.invokeAll(calls)) {
                assertEquals(200, status.get());
            }
        } finally {
            shoppers.shutdownNow();
        }
        long seconds = Math.max(1, (System.nanoTime() - started) / 1_000_000_000L);
        long reached = dataApi.requests() - before;

        long directBefore = dataApi.requests();
        for (int i = 0; i < 40; i++) {
            assertEquals(
                    200,
                    get(SharedBackend.get().gatewayEndpoint(), BROWSING.get(i % BROWSING.size()))
                            .statusCode());
        }
        long direct = dataApi.requests() - directBefore;
        System.out.printf(
                "[edge] %d catalogue requests after a warm-up of %d, over %d s: %d reached the Data API (%.1f %%); "
                        + "without the edge %d of 40 did (%.0f %%)%n",
                REQUESTS, BROWSING.size(), seconds, reached, 100.0 * reached / REQUESTS, direct, 100.0 * direct / 40);
        assertTrue(reached <= REQUESTS / 20, reached + " of " + REQUESTS + " reached PostgreSQL, over 5 %");
        assertTrue(direct >= 40, "without the edge every request is a query: the counter counts (" + direct + ")");
    }

    @Test
    void anAdministratorsChangeIsVisibleWithinTheMaxAge() throws Exception {
        RolesIT.Account admin = RolesIT.newAdmin();
        String sku = CatalogAdminIT.uniqueSku();
        HttpResponse<String> created = viaEdge.send(
                "POST",
                "/products",
                admin.token(),
                "{\"sku\":\"" + sku + "\",\"name\":\"Edge kettle\",\"description\":\"Cached at the edge.\","
                        + "\"priceCents\":3450,\"stock\":12}");
        assertEquals(201, created.statusCode(), "a write passes through the edge: " + created.body());
        String id = StackClient.json(created).get("productId").asText();
        String path = "/products/" + id;
        get(edge.endpoint(), path);
        assertEquals("Hit from polystack-edge", header(get(edge.endpoint(), path), EdgeCache.X_CACHE));

        HttpResponse<String> edited = viaEdge.send("PATCH", path, admin.token(), "{\"priceCents\":3990,\"version\":1}");
        assertEquals(200, edited.statusCode(), edited.body());
        long changed = System.nanoTime();
        long seenAfterMillis = -1;
        while (System.nanoTime() - changed < (CatalogCaching.MAX_AGE_SECONDS + 10) * 1_000_000_000L) {
            JsonNode product = StackClient.json(get(edge.endpoint(), path));
            if (product.get("priceCents").asLong() == 3990) {
                seenAfterMillis = (System.nanoTime() - changed) / 1_000_000;
                break;
            }
            Thread.sleep(100);
        }
        System.out.println(
                "[edge] an administrator's price change was served by the edge after " + seenAfterMillis + " ms");
        assertTrue(seenAfterMillis >= 0, "the change never showed");
        // Within the max-age, plus the one background refresh the first request after it starts (well under a second).
        assertTrue(
                seenAfterMillis <= CatalogCaching.MAX_AGE_SECONDS * 1000L + 1500,
                "the change showed after " + seenAfterMillis + " ms");
    }

    @Test
    void authorizedRoutesAreNeverCached() {
        RolesIT.Account ada = RolesIT.newAccount();
        RolesIT.Account bob = RolesIT.newAccount();
        HttpResponse<String> adas = viaEdge.send("GET", "/users/me", ada.token(), null);
        HttpResponse<String> bobs = viaEdge.send("GET", "/users/me", bob.token(), null);
        assertEquals(ada.email(), StackClient.json(adas).get("email").asText());
        assertEquals(bob.email(), StackClient.json(bobs).get("email").asText(), "never another caller's answer");
        assertEquals("Miss from polystack-edge", header(bobs, EdgeCache.X_CACHE));
        assertNull(header(bobs, "age"));

        HttpResponse<String> renamed =
                viaEdge.send("PATCH", "/users/me", ada.token(), "{\"name\":\"Ada Edge\",\"version\":1}");
        assertEquals(200, renamed.statusCode(), renamed.body());
        assertEquals(
                "Ada Edge",
                StackClient.json(viaEdge.send("GET", "/users/me", ada.token(), null))
                        .get("name")
                        .asText(),
                "a guarded read reaches the function every time");
        assertEquals(401, viaEdge.send("GET", "/users/me", null, null).statusCode());
    }

    @Test
    void aPlainHttpClientSeesAgeEtagAndNotModified() throws Exception {
        String path = "/products?limit=1&q=notebook";
        HttpResponse<String> first = HTTP.send(
                HttpRequest.newBuilder(URI.create(edge.endpoint() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        String etag = header(first, "etag");
        assertTrue(etag != null && etag.matches("\"[0-9a-f]{32}\""), "a strong ETag: " + etag);
        assertEquals(CatalogCaching.CACHE_CONTROL, header(first, "cache-control"));
        Thread.sleep(1_100);
        HttpResponse<String> second = HTTP.send(
                HttpRequest.newBuilder(URI.create(edge.endpoint() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("Hit from polystack-edge", header(second, EdgeCache.X_CACHE));
        assertTrue(Integer.parseInt(header(second, "age")) >= 1, "Age counts from when the edge stored it");
        assertEquals(etag, header(second, "etag"));
        assertEquals(first.body(), second.body());

        HttpResponse<String> notModified = HTTP.send(
                HttpRequest.newBuilder(URI.create(edge.endpoint() + path))
                        .header("If-None-Match", etag)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(304, notModified.statusCode());
        assertEquals("", notModified.body());
        assertEquals(etag, header(notModified, "etag"));

        HttpResponse<String> fromTheOrigin = get(SharedBackend.get().gatewayEndpoint(), path, "If-None-Match", etag);
        assertEquals(304, fromTheOrigin.statusCode(), "the origin agrees: the same tag");

        HttpResponse<String> otherTag = get(edge.endpoint(), path, "If-None-Match", "\"0000\"");
        assertEquals(200, otherTag.statusCode());
        assertNotEquals("", otherTag.body());
    }

    @Test
    void aBrowserGetsItsCorsHeadersEvenWhenACopyWithoutThemWasCachedFirst() {
        String path = "/products?limit=3&q=mug";
        HttpResponse<String> script = get(edge.endpoint(), path);
        assertNull(header(script, "access-control-allow-origin"), "no Origin, no CORS headers (as API Gateway)");
        HttpResponse<String> browser = get(edge.endpoint(), path, "Origin", "https://app.example.com");
        assertEquals(200, browser.statusCode());
        assertEquals(
                "*",
                header(browser, "access-control-allow-origin"),
                "a browser never gets a copy cached for a request without Origin: it could not read it");
        assertEquals(
                "Hit from polystack-edge",
                header(get(edge.endpoint(), path, "Origin", "https://app.example.com"), EdgeCache.X_CACHE),
                "browsers share their own copy");
    }
}
