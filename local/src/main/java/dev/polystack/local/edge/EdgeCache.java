package dev.polystack.local.edge;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.polystack.app.EdgePolicy;
import dev.polystack.local.LoopbackServers;
import dev.polystack.local.StartupException;
import dev.polystack.local.Threads;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * CloudFront's part locally: an HTTP server on loopback in front of the local gateway that caches what
 * {@link EdgePolicy} says CloudFront caches, the way CloudFront does, and passes every other request
 * through untouched. A cached answer is kept for the origin's {@code max-age} (bounded by the policy's
 * TTLs) and then, for its {@code stale-while-revalidate}, served while one request in the background
 * asks the origin again; after that a request waits for the origin. Every revalidation sends the
 * cached {@code ETag} as {@code If-None-Match}, and a 304 refreshes the copy without a body. Requests
 * for the same key while the origin is asked wait for that one answer (CloudFront collapses them too). A
 * client's own {@code If-None-Match} naming the cached tag is answered 304 here. Only 200s with a
 * {@code max-age} are kept: errors never. Answers carry {@code Age} and {@code X-Cache} as CloudFront's do.
 *
 * <p>https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Expiration.html (max-age,
 * stale-while-revalidate, revalidation), .../RequestAndResponseBehaviorCustomOrigin.html (Age, conditional
 * requests), .../HTTPStatusCodes.html (errors).
 */
public final class EdgeCache implements AutoCloseable {
    /** What the viewer sees: from the cache ({@code Hit}), stale while it is refreshed, or from the origin. */
    public static final String X_CACHE = "x-cache";
    /** The viewer's IP address, as the distribution's CloudFront Function sets it ({@link EdgePolicy#VIEWER_ADDRESS_FUNCTION}). */
    public static final String VIEWER_ADDRESS = EdgePolicy.VIEWER_ADDRESS_HEADER;

    static final int MAX_ENTRIES = 10_000;
    /** Headers that belong to one connection, or that the HTTP client sets itself (RFC 9110 §7.6.1). */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection",
            "content-length",
            "expect",
            "host",
            "keep-alive",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "http2-settings");

    private final EdgePolicy policy;
    private final URI origin;
    private final String originSecret;

    private final HttpServer server;
    private final ExecutorService workers;
    private final HttpClient client;
    private final LongSupplier clockMillis;
    private final Map<String, Entry> entries =
            java.util.Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                    return size() > MAX_ENTRIES;
                }
            });
    private final Map<String, CompletableFuture<Answer>> asking = new ConcurrentHashMap<>();
    private final ExecutorService originThreads = Executors.newCachedThreadPool(Threads.daemon("edge-origin"));
    private final LongAdder originRequests = new LongAdder();

    /** One kept answer: what the origin said, and when the edge last heard it was current. */
    record Entry(
            int status,
            Map<String, List<String>> headers,
            byte[] body,
            String etag,
            Freshness freshness,
            long storedAtMillis) {
        long ageSeconds(long nowMillis) {
            return Math.max(0, (nowMillis - storedAtMillis) / 1000);
        }

        Entry refreshed(Freshness newFreshness, long nowMillis) {
            return new Entry(status, headers, body, etag, newFreshness, nowMillis);
        }
    }

    /** The origin's answer to one request for a key: kept (entry), or to be relayed as it came (uncached). */
    record Answer(Entry entry, HttpResponse<byte[]> uncached) {}

    /** What the edge needs of a viewer's request once the exchange may be gone (a background refresh). */
    record Viewer(URI uri, Map<String, List<String>> headers, InetSocketAddress address) {
        static Viewer of(HttpExchange exchange) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            return new Viewer(exchange.getRequestURI(), headers, exchange.getRemoteAddress());
        }
    }

    /** How long a kept answer is fresh, and how long after that it may still be served while it is refreshed. */
    record Freshness(long maxAgeSeconds, long staleWhileRevalidateSeconds) {
        /** From a {@code Cache-Control} value, with max-age bounded by the policy's TTLs; empty when it must not be kept. */
        static Optional<Freshness> of(String cacheControl, EdgePolicy policy) {
            Long maxAge = null;
            long stale = 0;
            if (cacheControl != null) {
                for (String directive : cacheControl.toLowerCase(Locale.ROOT).split(",")) {
                    String[] parts = directive.strip().split("=", 2);
                    switch (parts[0]) {
                        case "no-store", "no-cache", "private" -> {
                            return Optional.empty();
                        }
                        case "s-maxage" -> maxAge = seconds(parts);
                        case "max-age" -> maxAge = maxAge == null ? seconds(parts) : maxAge;
                        case "stale-while-revalidate" -> stale = Math.max(0, seconds(parts));
                        default -> {}
                    }
                }
            }
            long ttl = maxAge == null ? policy.defaultTtlSeconds() : maxAge;
            ttl = Math.min(policy.maxTtlSeconds(), Math.max(policy.minTtlSeconds(), ttl));
            return ttl <= 0 ? Optional.empty() : Optional.of(new Freshness(ttl, stale));
        }

        private static long seconds(String[] parts) {
            try {
                return parts.length < 2 ? 0 : Long.parseLong(parts[1].strip().replace("\"", ""));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    private EdgeCache(EdgePolicy policy, URI origin, String originSecret, HttpServer server, LongSupplier clockMillis) {
        if (originSecret == null || originSecret.isBlank()) {
            throw new IllegalArgumentException("the edge needs the stack's origin secret");
        }
        this.policy = policy;
        this.origin = origin;
        this.originSecret = originSecret;
        this.server = server;
        this.clockMillis = clockMillis;
        this.workers =
                Executors.newFixedThreadPool(Integer.getInteger("polystack.edgeWorkers", 32), Threads.daemon("edge"));
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .executor(originThreads)
                .build();
        server.setExecutor(workers);
        server.createContext("/", this::serve);
    }

    /**
     * Listens on loopback ({@code port} 0: any free one) in front of {@code origin}, the local gateway, and sends
     * {@code originSecret} with every request as the distribution's origin custom header.
     */
    public static EdgeCache start(EdgePolicy policy, URI origin, int port, String originSecret) {
        return start(policy, origin, port, originSecret, System::currentTimeMillis);
    }

    static EdgeCache start(EdgePolicy policy, URI origin, int port, String originSecret, LongSupplier clockMillis) {
        try {
            HttpServer server = LoopbackServers.create(port, 256);
            EdgeCache edge = new EdgeCache(policy, origin, originSecret, server, clockMillis);
            server.start();
            return edge;
        } catch (BindException e) {
            throw new StartupException(
                    "port " + port + " is in use: stop whatever listens there, or start with --edge-port <another>");
        } catch (IOException e) {
            throw new StartupException("cannot listen on port " + port + ": " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many requests this edge has sent to the origin (passed through, misses and revalidations). */
    public long originRequests() {
        return originRequests.sum();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            if (policy.caches(method, path)) {
                serveFromCache(exchange, method, path);
            } else {
                passThrough(exchange);
            }
        } catch (IOException | RuntimeException e) {
            // The origin could not be reached or answered nonsense: CloudFront's 502.
            try {
                byte[] body = "{\"message\":\"Bad Gateway\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("content-type", "application/json");
                exchange.sendResponseHeaders(502, body.length);
                exchange.getResponseBody().write(body);
            } catch (IOException | RuntimeException ignored) {
                // the answer had already begun: the viewer sees a broken response, as with CloudFront
            }
        }
    }

    private void serveFromCache(HttpExchange exchange, String method, String path) throws IOException {
        String key = policy.cacheKey(
                path, query(exchange.getRequestURI().getRawQuery()), exchange.getRequestHeaders()::getFirst);
        long now = clockMillis.getAsLong();
        Entry entry = entries.get(key);
        String state;
        if (entry != null && entry.ageSeconds(now) < entry.freshness().maxAgeSeconds()) {
            state = "Hit from polystack-edge";
        } else if (entry != null
                && entry.ageSeconds(now)
                        < entry.freshness().maxAgeSeconds() + entry.freshness().staleWhileRevalidateSeconds()) {
            state = "RefreshHit from polystack-edge";
            Entry stale = entry;
            Viewer viewer = Viewer.of(exchange);
            CompletableFuture.runAsync(() -> ask(key, viewer, stale), workers);
        } else {
            Answer answer = ask(key, Viewer.of(exchange), entry).join();
            if (answer.entry() == null) {
                // Not cacheable (an error, no-store): the origin's answer goes to the viewer as it came.
                relay(exchange, method, answer.uncached());
                return;
            }
            entry = answer.entry();
            state = "Miss from polystack-edge";
        }
        Headers out = exchange.getResponseHeaders();
        entry.headers().forEach((name, values) -> out.put(name, values));
        out.set("age", Long.toString(entry.ageSeconds(clockMillis.getAsLong())));
        out.set(X_CACHE, state);
        String ifNoneMatch = exchange.getRequestHeaders().getFirst("if-none-match");
        if (ifNoneMatch != null && entry.etag() != null && names(ifNoneMatch, entry.etag())) {
            out.remove("content-type");
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        if ("HEAD".equals(method)) {
            exchange.sendResponseHeaders(entry.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(entry.status(), entry.body().length == 0 ? -1 : entry.body().length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(entry.body());
        }
    }

    /**
     * Asks the origin for {@code key} once, however many requests wait for it: a GET (a HEAD is answered from
     * it), conditional on the kept copy's ETag. A 304 refreshes the copy; a cacheable 200 replaces it;
     * anything else drops it.
     */
    private CompletableFuture<Answer> ask(String key, Viewer viewer, Entry kept) {
        CompletableFuture<Answer> mine = new CompletableFuture<>();
        CompletableFuture<Answer> running = asking.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(originUri(viewer.uri()))
                    .timeout(Duration.ofSeconds(60))
                    .GET();
            forwardHeaders(viewer, request, Set.of("if-none-match", "if-modified-since"));
            if (kept != null && kept.etag() != null) {
                request.header("if-none-match", kept.etag());
            }
            originRequests.increment();
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            long now = clockMillis.getAsLong();
            String cacheControl = response.headers().firstValue("cache-control").orElse(null);
            Optional<Entry> result;
            if (response.statusCode() == 304 && kept != null) {
                Freshness freshness = Freshness.of(cacheControl, policy).orElse(kept.freshness());
                result = Optional.of(kept.refreshed(freshness, now));
            } else if (response.statusCode() == 200) {
                result = Freshness.of(cacheControl, policy)
                        .map(freshness -> new Entry(
                                200,
                                keptHeaders(response),
                                response.body(),
                                response.headers().firstValue("etag").orElse(null),
                                freshness,
                                now));
            } else {
                result = Optional.empty();
            }
            if (result.isPresent()) {
                entries.put(key, result.get());
                mine.complete(new Answer(result.get(), null));
            } else {
                entries.remove(key);
                mine.complete(new Answer(null, response));
            }
        } catch (IOException | RuntimeException e) {
            entries.remove(key);
            mine.completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            mine.completeExceptionally(e);
        } finally {
            asking.remove(key, mine);
        }
        return mine;
    }

    private void passThrough(HttpExchange exchange) throws IOException {
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(originUri(exchange.getRequestURI()))
                .timeout(Duration.ofSeconds(60))
                .method(
                        exchange.getRequestMethod(),
                        requestBody.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(requestBody));
        forwardHeaders(Viewer.of(exchange), request, Set.of());
        originRequests.increment();
        try {
            relay(
                    exchange,
                    exchange.getRequestMethod(),
                    client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The origin's answer, as it came, with CloudFront's {@code X-Cache} for an answer the edge did not keep. */
    private static void relay(HttpExchange exchange, String method, HttpResponse<byte[]> response) throws IOException {
        Headers out = exchange.getResponseHeaders();
        keptHeaders(response).forEach(out::put);
        out.set(X_CACHE, "Miss from polystack-edge");
        byte[] body = response.body() == null ? new byte[0] : response.body();
        if ("HEAD".equals(method) || response.statusCode() == 304 || response.statusCode() == 204 || body.length == 0) {
            exchange.sendResponseHeaders(response.statusCode(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.statusCode(), body.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(body);
        }
    }

    /**
     * What CloudFront sends the origin under the managed AllViewerExceptHostHeader policy: the viewer's headers but
     * Host (and the connection's own); then what the distribution adds, the viewer's IP address as its CloudFront
     * Function sets it and the origin custom header with the secret. A viewer's own copy of either is never passed on.
     */
    private void forwardHeaders(Viewer viewer, HttpRequest.Builder request, Set<String> alsoDropped) {
        viewer.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(lower)
                    && !alsoDropped.contains(lower)
                    && !VIEWER_ADDRESS.equals(lower)
                    && !EdgePolicy.ORIGIN_SECRET_HEADER.equals(lower)) {
                values.forEach(value -> request.header(name, value));
            }
        });
        request.header(VIEWER_ADDRESS, viewerIp(viewer.address()));
        request.header(EdgePolicy.ORIGIN_SECRET_HEADER, originSecret);
    }

    /** {@code event.viewer.ip}: the address alone, an IPv6 one without brackets or zone. */
    static String viewerIp(InetSocketAddress address) {
        String ip = address.getAddress().getHostAddress();
        int zone = ip.indexOf('%');
        return zone < 0 ? ip : ip.substring(0, zone);
    }

    private static Map<String, List<String>> keptHeaders(HttpResponse<byte[]> response) {
        Map<String, List<String>> kept = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(lower) && !lower.equals("date") && !lower.startsWith(":")) {
                kept.put(lower, List.copyOf(values));
            }
        });
        return kept;
    }

    private URI originUri(URI viewer) {
        return URI.create(origin.toString()
                + viewer.getRawPath()
                + (viewer.getRawQuery() == null ? "" : "?" + viewer.getRawQuery()));
    }

    /** The query string's parameters, decoded, in order. */
    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    /** Whether an {@code If-None-Match} value names this tag (weak comparison, RFC 9110 §13.1.2). */
    static boolean names(String ifNoneMatch, String etag) {
        String bare = etag.startsWith("W/") ? etag.substring(2) : etag;
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(bare)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        originThreads.shutdownNow();
    }
}
