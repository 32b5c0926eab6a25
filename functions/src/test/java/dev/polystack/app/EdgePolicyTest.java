package dev.polystack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.catalog.handler.CatalogCaching;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EdgePolicyTest {
    static final EdgePolicy POLICY = EdgePolicy.DEFAULT;

    @ParameterizedTest
    @CsvSource({
        "GET, /products, true",
        "HEAD, /products, true",
        "GET, /products/00000000-0000-4000-8000-000000000001, true",
        "POST, /products, false",
        "PATCH, /products/p-1, false",
        "POST, /products/p-1/stock, false",
        "GET, /productsx, false",
        "GET, /users/me, false",
        "GET, /orders, false",
        "GET, /health, false",
        "OPTIONS, /products, false"
    })
    void cachesOnlyTheCataloguesReads(String method, String path, boolean cached) {
        assertEquals(cached, POLICY.caches(method, path), method + " " + path);
    }

    @Test
    void everyRouteTheEdgeMayCacheIsPublicAndMarksItsAnswersCacheable() throws IOException {
        List<Route> cached = RouteTable.ROUTES.stream()
                .filter(route -> !route.isDefault())
                .filter(route -> POLICY.caches(route.method(), route.path().replaceAll("\\{[^}]+}", "x")))
                .toList();
        assertEquals(
                Set.of("ListProducts", "GetProduct"),
                Set.copyOf(cached.stream().map(Route::function).toList()),
                "only the catalogue's reads are cached");
        for (Route route : cached) {
            assertFalse(route.authorized(), route.routeKey() + " is guarded: its answers must never be shared");
            assertTrue(
                    source(route.handler()).contains("CatalogCaching.cacheable"),
                    route.routeKey() + " answers without Cache-Control/ETag");
        }
    }

    @Test
    void theKeyIsExactlyTheQueryParametersTheListingReads() throws IOException {
        Set<String> read = new TreeSet<>();
        Matcher query = Pattern.compile("request\\.query\\(\"([^\"]+)\"\\)")
                .matcher(source(dev.polystack.catalog.handler.ListProductsHandler.class));
        while (query.find()) {
            read.add(query.group(1));
        }
        assertEquals(6, read.size(), "the scan finds the handler's parameters: " + read);
        assertEquals(read, Set.copyOf(POLICY.queryParametersInKey()));
        assertEquals(
                List.of("origin"),
                POLICY.headersInKey(),
                "Origin only (CORS headers depend on it); Authorization must never key a shared answer");
        assertEquals(List.of(), POLICY.cookiesInKey());
    }

    @Test
    void theMaximumTtlLetsTheOriginsMaxAgeThroughAndErrorsAreNotKept() {
        assertTrue(POLICY.maxTtlSeconds() >= CatalogCaching.MAX_AGE_SECONDS);
        assertEquals(0, POLICY.minTtlSeconds());
        assertEquals(0, POLICY.defaultTtlSeconds(), "an answer without Cache-Control (an error) is not kept");
    }

    @Test
    void theKeyIgnoresParameterOrderAndParametersThatDoNotChangeTheAnswer() {
        java.util.function.Function<String, String> noHeaders = name -> null;
        String key = POLICY.cacheKey("/products", Map.of("q", List.of("mug"), "limit", List.of("10")), noHeaders);
        assertEquals("/products?limit=10&q=mug\norigin:", key);
        assertEquals(
                key,
                POLICY.cacheKey(
                        "/products",
                        Map.of("limit", List.of("10"), "q", List.of("mug"), "utm_source", List.of("ad")),
                        name -> name.equals("authorization") ? "Bearer x" : null));
        assertNotEquals(
                key, POLICY.cacheKey("/products", Map.of("q", List.of("mug"), "limit", List.of("20")), noHeaders));
        assertNotEquals(
                key,
                POLICY.cacheKey(
                        "/products",
                        Map.of("q", List.of("mug"), "limit", List.of("10")),
                        name -> name.equals("origin") ? "https://app.example.com" : null),
                "a browser's copy carries its CORS headers");
    }

    @Test
    void theEdgeFunctionSetsTheViewerAddressHeaderFromTheViewersIp() {
        assertTrue(
                EdgePolicy.VIEWER_ADDRESS_FUNCTION.contains(
                        "request.headers['" + EdgePolicy.VIEWER_ADDRESS_HEADER + "'] = { value: event.viewer.ip }"),
                "the function overwrites the header, so a viewer's own copy never reaches the API");
        assertTrue(
                EdgePolicy.VIEWER_ADDRESS_FUNCTION.contains(
                        "delete request.headers['" + EdgePolicy.ORIGIN_SECRET_HEADER + "'];"),
                "a viewer's own secret header never reaches the API beside the distribution's");
        assertEquals(
                EdgePolicy.VIEWER_ADDRESS_HEADER, EdgePolicy.VIEWER_ADDRESS_HEADER.toLowerCase(java.util.Locale.ROOT));
        assertFalse(
                EdgePolicy.VIEWER_ADDRESS_HEADER.startsWith("cloudfront-"),
                "CloudFront's own headers are added by origin request policies, not by functions");
    }

    static String source(Class<?> type) throws IOException {
        return Files.readString(Path.of("src/main/java", type.getName().replace('.', '/') + ".java"));
    }
}
