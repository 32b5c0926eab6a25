package dev.polystack.local.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.polystack.app.EdgePolicy;
import dev.polystack.local.LoopbackServers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The local edge cache against a scripted origin and a clock the test moves. */
class EdgeCacheTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String SECRET = "the-stacks-edge-secret";

    record Seen(
            String method,
            String uri,
            String ifNoneMatch,
            String authorization,
            String viewerAddress,
            String body,
            String edgeSecret) {}

    record Reply(int status, String cacheControl, String etag, String body) {}

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final AtomicLong now = new AtomicLong(1_000_000);
    volatile Function<Seen, Reply> origin = request -> catalogue("\"v1\"", "{\"items\":[1]}");
    volatile long originDelayMillis;
    HttpServer server;
    EdgeCache edge;

    static Reply catalogue(String etag, String body) {
        return new Reply(200, "public, max-age=5, stale-while-revalidate=30", etag, body);
    }

    @BeforeEach
    void start() throws IOException {
        server = LoopbackServers.create(0, 64);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::answer);
        server.start();
        edge = EdgeCache.start(
                EdgePolicy.DEFAULT,
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                0,
                SECRET,
                now::get);
    }

    @AfterEach
    void stop() {
        edge.close();
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            Seen request = new Seen(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("if-none-match"),
                    exchange.getRequestHeaders().getFirst("authorization"),
                    exchange.getRequestHeaders().getFirst(EdgePolicy.VIEWER_ADDRESS_HEADER),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst(EdgePolicy.ORIGIN_SECRET_HEADER));
            seen.add(request);
            if (originDelayMillis > 0) {
                Thread.sleep(originDelayMillis);
            }
            Reply reply = origin.apply(request);
            if (reply.cacheControl() != null) {
                exchange.getResponseHeaders().set("cache-control", reply.cacheControl());
            }
            if (reply.etag() != null) {
                exchange.getResponseHeaders().set("etag", reply.etag());
            }
            if (reply.etag() != null && reply.etag().equals(request.ifNoneMatch())) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            exchange.getResponseHeaders().set("content-type", "application/json");
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    HttpResponse<String> get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(edge.endpoint() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    void advanceSeconds(long seconds) {
        now.addAndGet(seconds * 1000);
    }

    static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    void awaitOriginRequests(int count) throws InterruptedException {
        for (int i = 0; i < 200 && seen.size() < count; i++) {
            Thread.sleep(10);
        }
        assertEquals(count, seen.size(), seen.toString());
    }

    /**
     * Asks for {@code path} until the edge answers from a fresh copy: the origin having seen a revalidation does not
     * mean the edge has stored its answer yet.
     */
    HttpResponse<String> awaitFresh(String path) throws InterruptedException {
        HttpResponse<String> response = get(path);
        for (int i = 0; i < 200 && !header(response, "x-cache").startsWith("Hit "); i++) {
            Thread.sleep(10);
            response = get(path);
        }
        assertEquals("Hit from polystack-edge", header(response, "x-cache"), "the revalidation ended");
        return response;
    }

    @Test
    void aFreshAnswerComesFromTheCacheWithItsAge() {
        HttpResponse<String> first = get("/products?q=mug");
        advanceSeconds(3);
        HttpResponse<String> second = get("/products?q=mug");
        assertEquals(1, seen.size(), "the second request never reached the origin");
        assertEquals("Miss from polystack-edge", header(first, "x-cache"));
        assertEquals("Hit from polystack-edge", header(second, "x-cache"));
        assertEquals("3", header(second, "age"));
        assertEquals(first.body(), second.body());
        assertEquals("\"v1\"", header(second, "etag"));
        assertEquals("public, max-age=5, stale-while-revalidate=30", header(second, "cache-control"));
    }

    @Test
    void afterMaxAgeTheStaleCopyIsServedWhileOneRequestRevalidatesWithIfNoneMatch() throws Exception {
        get("/products/p-1");
        advanceSeconds(6);
        HttpResponse<String> stale = get("/products/p-1");
        assertEquals("RefreshHit from polystack-edge", header(stale, "x-cache"));
        assertEquals("{\"items\":[1]}", stale.body());
        awaitOriginRequests(2);
        assertEquals("\"v1\"", seen.get(1).ifNoneMatch(), "the revalidation names the kept tag");
        assertEquals("0", header(awaitFresh("/products/p-1"), "age"));
        advanceSeconds(2);
        HttpResponse<String> refreshed = get("/products/p-1");
        assertEquals("Hit from polystack-edge", header(refreshed, "x-cache"), "the 304 made the copy fresh again");
        assertEquals("2", header(refreshed, "age"));
        assertEquals(2, seen.size());
    }

    @Test
    void aChangeAtTheOriginIsServedOnceTheCopyIsRefreshed() throws Exception {
        get("/products/p-1");
        origin = request -> catalogue("\"v2\"", "{\"items\":[2]}");
        advanceSeconds(4);
        assertEquals("{\"items\":[1]}", get("/products/p-1").body(), "still fresh: max-age is the promise");
        advanceSeconds(2);
        get("/products/p-1");
        awaitOriginRequests(2);
        HttpResponse<String> after = awaitFresh("/products/p-1");
        assertEquals("{\"items\":[2]}", after.body());
        assertEquals("\"v2\"", header(after, "etag"));
    }

    @Test
    void pastStaleWhileRevalidateTheViewerWaitsForTheOrigin() {
        get("/products");
        origin = request -> catalogue("\"v2\"", "{\"items\":[2]}");
        advanceSeconds(5 + 30 + 1);
        HttpResponse<String> response = get("/products");
        assertEquals("Miss from polystack-edge", header(response, "x-cache"));
        assertEquals("{\"items\":[2]}", response.body());
        assertEquals("\"v1\"", seen.get(1).ifNoneMatch());
    }

    @Test
    void theKeyIsThePathAndTheListingsParametersOnly() {
        get("/products?limit=2&q=mug");
        get("/products?q=mug&limit=2&utm_source=newsletter");
        assertEquals(1, seen.size(), "order and unkeyed parameters do not split the cache");
        get("/products?q=mug&limit=3");
        get("/products/p-1");
        assertEquals(3, seen.size(), "a keyed parameter or another path is another answer");
    }

    @Test
    void theAuthorizationHeaderNeitherKeysNorBypassesACatalogueAnswer() {
        get("/products", "Authorization", "Bearer a");
        HttpResponse<String> other = get("/products", "Authorization", "Bearer b");
        assertEquals("Hit from polystack-edge", header(other, "x-cache"));
        assertEquals(1, seen.size());
    }

    @Test
    void authorizedAndOtherRoutesAlwaysReachTheOrigin() {
        origin = request ->
                new Reply(200, "public, max-age=60", "\"u\"", "{\"user\":\"" + request.authorization() + "\"}");
        HttpResponse<String> a = get("/users/me", "Authorization", "Bearer a");
        HttpResponse<String> b = get("/users/me", "Authorization", "Bearer b");
        assertEquals("{\"user\":\"Bearer a\"}", a.body());
        assertEquals("{\"user\":\"Bearer b\"}", b.body(), "never another caller's answer");
        get("/orders", "Authorization", "Bearer a");
        get("/health");
        assertEquals(4, seen.size());
        assertNull(header(b, "age"));
    }

    @Test
    void writesToTheCataloguePassThroughWithTheirBody() {
        origin = request -> new Reply(201, null, null, "{\"got\":" + request.body() + "}");
        HttpResponse<String> created = send(
                "POST",
                "/products",
                "{\"sku\":\"X\"}",
                "Authorization",
                "Bearer admin",
                "content-type",
                "application/json");
        assertEquals(201, created.statusCode());
        assertEquals("{\"got\":{\"sku\":\"X\"}}", created.body());
        assertEquals("Bearer admin", seen.get(0).authorization());
        assertEquals("POST", seen.get(0).method());
    }

    @Test
    void errorsAreNeverKept() {
        origin = request -> new Reply(404, null, null, "{\"error\":{\"code\":\"PRODUCT_NOT_FOUND\"}}");
        HttpResponse<String> first = get("/products/missing");
        HttpResponse<String> second = get("/products/missing");
        assertEquals(404, second.statusCode());
        assertEquals(first.body(), second.body());
        assertEquals(2, seen.size());
    }

    @Test
    void anAnswerMarkedNoStoreIsNotKept() {
        origin = request -> new Reply(200, "no-store", "\"x\"", "{}");
        get("/products");
        get("/products");
        assertEquals(2, seen.size());
    }

    @Test
    void theViewersIfNoneMatchIsAnswered304AtTheEdge() {
        get("/products");
        HttpResponse<String> notModified = get("/products", "If-None-Match", "\"v1\"");
        assertEquals(304, notModified.statusCode());
        assertEquals("", notModified.body());
        assertEquals("\"v1\"", header(notModified, "etag"));
        HttpResponse<String> other = get("/products", "If-None-Match", "\"old\"");
        assertEquals(200, other.statusCode());
        assertEquals(1, seen.size());
    }

    @Test
    void aHeadIsAnsweredFromTheKeptGet() {
        get("/products");
        HttpResponse<String> head = send("HEAD", "/products", null);
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals("\"v1\"", header(head, "etag"));
        assertEquals(1, seen.size());
    }

    @Test
    void concurrentMissesForOneKeyAskTheOriginOnce() throws Exception {
        originDelayMillis = 300;
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(() -> get("/products?q=sale"));
        }
        var pool = Executors.newFixedThreadPool(20);
        try {
            for (var result : pool.invokeAll(calls)) {
                assertEquals(200, result.get().statusCode());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, seen.size());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/users/me", "/products?q=mug"})
    void theOriginGetsTheEdgesSecretAndViewerAddressNeverTheViewersOwnCopies(String path) {
        get(
                path,
                "Authorization",
                "Bearer a",
                "X-Polystack-Viewer-Address",
                "198.51.100.1",
                "X-Polystack-Edge-Secret",
                "forged");
        Seen request = seen.get(0);
        assertEquals("127.0.0.1", request.viewerAddress(), request.toString());
        assertEquals(SECRET, request.edgeSecret());
        assertEquals("Bearer a", request.authorization());
    }

    @Test
    void theOriginLearnsTheViewersAddress() {
        get("/users/me");
        assertTrue(seen.get(0).viewerAddress().equals("127.0.0.1"), seen.get(0).toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"127.0.0.7, 127.0.0.7", "::1, 0:0:0:0:0:0:0:1", "2001:db8::9, 2001:db8:0:0:0:0:0:9"})
    void writesTheViewersIpAsTheEdgeFunctionDoesAndTheFunctionsReadItBack(String ip, String read) throws IOException {
        String written = EdgeCache.viewerIp(new InetSocketAddress(InetAddress.getByName(ip), 4242));
        assertEquals(java.util.Optional.of(read), dev.polystack.http.EdgeOrigin.viewerIp(written));
    }
}
