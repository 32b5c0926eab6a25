package dev.polystack.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.app.Route;
import dev.polystack.local.LocalBackend;
import dev.polystack.local.SharedBackend;
import dev.polystack.local.StoreSnapshot;
import dev.polystack.session.SessionToken;
import dev.polystack.shared.adapter.SingleTable;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Property-based fuzzing of every route through the local gateway: generated bodies (malformed,
 * truncated, deeply nested, duplicate keys, wrong types, huge, empty, Unicode edge cases, invalid
 * UTF-8, enormous and negative numbers, unknown fields), path and query values (garbage ids,
 * cursors and limits) and tokens (missing, malformed, expired, revoked, valid). Invariants: never a
 * 5xx; every refusal is a 4xx in the documented shape; a refused request changes no store.
 *
 * <p>Tries per property: {@code jqwik.tries.default} (junit-platform.properties; more with
 * {@code -Djqwik.tries.default=N}).
 */
class FuzzIT {
    static final Map<String, AtomicInteger> TRIES = new TreeMap<>();
    static final Map<String, AtomicInteger> STATUS = new TreeMap<>();
    static final AtomicInteger FAILURES = new AtomicInteger();
    /**
     * A stack like the shared one but of its own: each try compares whole-store snapshots, which on the shared stack
     * scan every other suite's data too (jqwik runs after every Jupiter suite, when that stack is at its fullest).
     */
    static final LocalBackend STACK = start();

    static final List<Route> ROUTES = STACK.routes();
    static String revokedToken;
    static String expiredToken;
    static String email;
    /** An administrator's e-mail, so the administrators' routes are fuzzed past their role check too. */
    static String adminEmail;

    @BeforeContainer
    static void users() {
        newAccount();
        revokedToken = login();
        send("DELETE", "/sessions/current", Map.of("Authorization", "Bearer " + revokedToken), new byte[0]);
        SessionToken expired = SessionToken.generate();
        long past = Instant.now().minusSeconds(60).getEpochSecond();
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(SingleTable.PK, AttributeValue.fromS(SingleTable.sessionKey(expired.hash())));
        item.put(SingleTable.SK, AttributeValue.fromS(SingleTable.SESSION));
        item.put(SingleTable.TYPE, AttributeValue.fromS("SESSION"));
        item.put("userId", AttributeValue.fromS(UUID.randomUUID().toString()));
        item.put("createdAt", AttributeValue.fromN(Long.toString(past - 3600)));
        item.put(SingleTable.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(past)));
        STACK.app()
                .clients()
                .dynamo()
                .putItem(b -> b.tableName(LocalBackend.TABLE).item(item));
        expiredToken = expired.value();
        adminEmail = "fuzz-admin-" + UUID.randomUUID() + "@example.com";
        send(
                "POST",
                "/users",
                Map.of(),
                ("{\"email\":\"" + adminEmail + "\",\"password\":\"correct horse battery\",\"name\":\"Fuzz admin\"}")
                        .getBytes(StandardCharsets.UTF_8));
        String grant = "{\"source\":\"polystack.operator\",\"action\":\"grant\",\"email\":\"" + adminEmail
                + "\",\"role\":\"admin\",\"operator\":\"fuzz-it\"}";
        if (STACK.functions()
                .invoke(
                        "GrantRole",
                        grant.getBytes(StandardCharsets.UTF_8),
                        UUID.randomUUID().toString())
                .failed()) {
            throw new IllegalStateException("the operator function did not make the fuzzing administrator");
        }
    }

    static LocalBackend start() {
        SharedBackend.keepFunctionLogsInAFile();
        return LocalBackend.start(SharedBackend.options());
    }

    static void newAccount() {
        email = "fuzz-" + UUID.randomUUID() + "@example.com";
        send(
                "POST",
                "/users",
                Map.of(),
                ("{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"name\":\"Fuzz\"}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    static String login() {
        return login(email);
    }

    /**
     * A valid token for {@code who}. The fuzzer may erase its own account ({@code DELETE /users/me} with
     * the right password), change its password ({@code PUT /users/me/password}) or use up its login window
     * with wrong ones; then a fresh account takes over.
     */
    static synchronized String login(String who) {
        HttpResponse<String> response = send(
                "POST",
                "/sessions",
                Map.of(),
                ("{\"email\":\"" + who + "\",\"password\":\"correct horse battery\"}")
                        .getBytes(StandardCharsets.UTF_8));
        if (response.statusCode() != 201 && who.equals(email)) {
            newAccount();
            response = send(
                    "POST",
                    "/sessions",
                    Map.of(),
                    ("{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}")
                            .getBytes(StandardCharsets.UTF_8));
        }
        return json(response).get("token").asText();
    }

    @AfterContainer
    static void report() {
        ObjectNode figures = Figures.newFigures();
        ObjectNode perRoute = figures.putObject("triesPerRoute");
        TRIES.forEach((route, count) -> perRoute.put(route, count.get()));
        ObjectNode statuses = figures.putObject("statuses");
        STATUS.forEach((status, count) -> statuses.put(status, count.get()));
        figures.put(
                "tries", TRIES.values().stream().mapToInt(AtomicInteger::get).sum());
        figures.put("failures", FAILURES.get());
        Figures.write("fuzz", figures);
    }

    @AfterContainer
    static void stop() {
        STACK.close();
    }

    /** One generated request: the route it aims at and what is sent. */
    record Fuzzed(
            Route route,
            String path,
            String query,
            Supplier<String> authorization,
            Map<String, String> headers,
            byte[] body) {
        @Override
        public String toString() {
            return route.routeKey() + " " + path + (query.isEmpty() ? "" : "?" + query) + " headers=" + headers
                    + " body=" + new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        }
    }

    @Property(shrinking = ShrinkingMode.OFF)
    void everyRouteAnswersGarbageWithA4xxInTheDocumentedShapeAndRefusalsChangeNoStore(
            @ForAll("requests") Fuzzed request) {
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        String authorization = request.authorization().get(); // a valid token logs in, so before the snapshot
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        StoreSnapshot before = StoreSnapshot.of(STACK);
        HttpResponse<String> response = send(
                request.route().isDefault() ? "GET" : request.route().method(),
                request.path() + (request.query().isEmpty() ? "" : "?" + request.query()),
                headers,
                request.body());
        synchronized (TRIES) {
            TRIES.computeIfAbsent(request.route().routeKey(), k -> new AtomicInteger())
                    .incrementAndGet();
            STATUS.computeIfAbsent(Integer.toString(response.statusCode()), k -> new AtomicInteger())
                    .incrementAndGet();
        }
        String problem = problem(response);
        if (problem == null && response.statusCode() >= 400) {
            StoreSnapshot after = StoreSnapshot.of(STACK);
            if (!before.equals(after)) {
                problem = "a refused request changed a store (" + after.changesSince(before) + ")";
            }
        }
        if (problem != null) {
            FAILURES.incrementAndGet();
            throw new AssertionError(
                    problem + ": " + response.statusCode() + " " + response.body() + " for " + request);
        }
    }

    /** Null when the answer keeps the invariants. */
    static String problem(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 500) {
            return "a 5xx";
        }
        if (status < 400) {
            return null;
        }
        JsonNode body;
        try {
            body = json(response);
        } catch (RuntimeException notJson) {
            return "a refusal that is not JSON";
        }
        if ((status == 401 || status == 403)
                && body.size() == 1
                && body.path("message").isTextual()) {
            return null; // API Gateway's own answer before a guarded route runs
        }
        JsonNode error = body.path("error");
        if (body.size() != 1
                || !error.path("code").asText("").matches("[A-Z][A-Z_]+")
                || !error.path("message").isTextual()) {
            return "a refusal not in the {\"error\":{\"code\",\"message\"}} shape";
        }
        return null;
    }

    @Provide
    Arbitrary<Fuzzed> requests() {
        Arbitrary<Route> routes = Arbitraries.of(ROUTES).withoutEdgeCases(); // every route as often as another
        return routes.flatMap(route -> Combinators.combine(paths(route), queries(), tokens(), headers(), bodies())
                .as((path, query, token, headers, body) -> new Fuzzed(route, path, query, token, headers, body)));
    }

    static Arbitrary<String> paths(Route route) {
        if (route.isDefault()) {
            return Arbitraries.of(
                    "/", "/nowhere", "/users/me/extra", "/orders/", "/%00", "/..%2f..%2fetc%2fpasswd", "/products?x=1");
        }
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.just(UUID.randomUUID().toString()),
                Arbitraries.strings()
                        .ofMinLength(1)
                        .ofMaxLength(300)
                        .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8)),
                Arbitraries.of(
                        "00000000-0000-0000-0000-000000000000",
                        "%00",
                        "..",
                        "%2e%2e",
                        "'%20OR%201=1--",
                        "%F0%9F%92%A9",
                        "x".repeat(2000)));
        return segment.map(value -> route.path().replaceAll("\\{[^}]+}", value));
    }

    static Arbitrary<String> queries() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of(
                        "", "0", "-1", "1", "100", "101", "99999999999999999999", "1e3", "abc", "%00", "null", "[]"),
                Arbitraries.strings().ofMaxLength(200).map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8)));
        return Arbitraries.oneOf(
                Arbitraries.just(""),
                value.map(v -> "limit=" + v),
                value.map(v -> "cursor=" + v),
                Combinators.combine(value, value).as((a, b) -> "limit=" + a + "&cursor=" + b + "&limit=" + b));
    }

    static Arbitrary<Supplier<String>> tokens() {
        return Arbitraries.of(
                () -> null,
                () -> "",
                () -> "Bearer",
                () -> "Bearer ",
                () -> "Basic dXNlcjpwYXNz",
                () -> "Bearer " + UUID.randomUUID(),
                () -> "Bearer " + SessionToken.generate().value(),
                () -> "Bearer " + revokedToken,
                () -> "Bearer " + expiredToken,
                () -> "Bearer " + "A".repeat(10_000),
                () -> "Bearer " + login(),
                () -> "Bearer " + login(adminEmail));
    }

    static Arbitrary<Map<String, String>> headers() {
        Arbitrary<String> contentType = Arbitraries.of(
                "application/json",
                "application/json; charset=utf-8",
                "text/plain",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "application/octet-stream",
                "");
        Arbitrary<String> idempotencyKey = Arbitraries.oneOf(
                Arbitraries.of("", "k", "x".repeat(300), "key with spaces", "ключ"),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(64));
        return Combinators.combine(
                        contentType, idempotencyKey, Arbitraries.integers().between(0, 3))
                .as((type, key, pick) -> {
                    Map<String, String> headers = new LinkedHashMap<>();
                    if (!type.isEmpty()) {
                        headers.put("Content-Type", type);
                    }
                    if (pick > 0) {
                        headers.put("Idempotency-Key", key.replaceAll("[^\\x20-\\x7e]", "?"));
                    }
                    return headers;
                });
    }

    static final List<String> FIELDS = List.of(
            "email",
            "password",
            "name",
            "version",
            "items",
            "productId",
            "quantity",
            "fileName",
            "contentType",
            "contentLength",
            "method",
            "checksum",
            "currentPassword",
            "newPassword",
            "status",
            "unknownField",
            "__proto__",
            "");

    static Arbitrary<byte[]> bodies() {
        Arbitrary<String> json = Arbitraries.recursive(
                FuzzIT::scalars,
                inner -> Arbitraries.oneOf(
                        inner.list().ofMaxSize(4).map(values -> "[" + String.join(",", values) + "]"),
                        Combinators.combine(
                                        Arbitraries.of(FIELDS).list().ofMaxSize(5),
                                        inner.list().ofSize(5))
                                .as((names, values) -> {
                                    StringBuilder object = new StringBuilder("{");
                                    for (int i = 0; i < names.size(); i++) {
                                        object.append(i == 0 ? "" : ",")
                                                .append('"')
                                                .append(names.get(i))
                                                .append("\":")
                                                .append(values.get(i));
                                    }
                                    return object.append('}').toString();
                                })),
                3);
        return Arbitraries.oneOf(
                json.map(FuzzIT::utf8),
                json.flatMap(text -> Arbitraries.integers()
                        .between(0, Math.max(0, text.length() - 1))
                        .map(cut -> utf8(text.substring(0, cut)))),
                Arbitraries.integers().between(1, 20_000).map(depth -> utf8("[".repeat(depth) + "]".repeat(depth))),
                Arbitraries.integers()
                        .between(1, 5_000)
                        .map(depth -> utf8("{\"a\":".repeat(depth) + "1" + "}".repeat(depth))),
                Arbitraries.of(
                                "{\"email\":\"a@example.com\",\"email\":\"b@example.com\",\"password\":\"x\",\"password\":\"correct horse battery\"}",
                                "{\"items\":[{\"productId\":\"00000000-0000-4000-8000-000000000001\",\"quantity\":1}],\"items\":[]}",
                                "{\"name\":\"x\",\"version\":1,\"version\":\"1\"}")
                        .map(FuzzIT::utf8),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.of(
                        new byte[] {(byte) 0xC3, (byte) 0x28},
                        new byte[] {'{', '"', 'e', '"', ':', '"', (byte) 0xFF, '"', '}'},
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        new byte[0]),
                Arbitraries.of("", " ", "null", "true", "0", "\"\"", "[]", "{}").map(FuzzIT::utf8));
    }

    static Arbitrary<String> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "null",
                        "true",
                        "false",
                        "0",
                        "-1",
                        "1",
                        "-0",
                        "1.5",
                        "1e308",
                        "-1e308",
                        "1e-400",
                        "9223372036854775807",
                        "-9223372036854775808",
                        "99999999999999999999999999",
                        "NaN",
                        "\"\"",
                        "\" \"",
                        "\"\\u0000\"",
                        "\"\\ud800\"",
                        "\"\\u202Eevil\"",
                        "\"\\u200B\"",
                        "\"𝕏😀\"",
                        "\"a@example.com\"",
                        "\"correct horse battery\"",
                        "\"00000000-0000-4000-8000-000000000001\"",
                        "\"image/png\"",
                        "\"PUT\"",
                        "\"POST\"",
                        "\"' OR 1=1 --\"",
                        "\"" + "x".repeat(100_000) + "\""),
                Arbitraries.longs().map(n -> Long.toString(n)),
                Arbitraries.strings()
                        .ofMaxLength(40)
                        .map(s -> '"'
                                + s.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\x00-\\x1f]", " ")
                                + '"'));
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Figures.JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static HttpResponse<String> send(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(STACK.gatewayEndpoint() + pathAndQuery))
                .method(
                        method,
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return SharedBackend.send(request);
    }
}
