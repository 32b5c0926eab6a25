package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.polystack.app.Route;
import dev.polystack.app.RouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** openapi.yaml against the running local stack: every route documented, every answer valid, and the docs page rendering. */
class OpenApiIT {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static JsonNode spec;

    @BeforeAll
    static void readSpec() throws IOException {
        try (InputStream in = OpenApiIT.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
            spec = YAML.readTree(in);
        }
    }

    record Exchange(String method, String path, int status, String body) {}

    @Test
    void everyRouteIsInTheSpec() {
        for (Route route : RouteTable.ROUTES) {
            if (route.isDefault()) {
                continue;
            }
            JsonNode operation =
                    spec.path("paths").path(route.path()).path(route.method().toLowerCase(Locale.ROOT));
            assertTrue(operation.isObject(), route.routeKey() + " is not in openapi.yaml");
            assertEquals(
                    route.authorized(),
                    operation.has("security"),
                    route.routeKey() + ": security matches the authorizer");
        }
    }

    @Test
    void answersFromTheLocalStackMatchTheSpec() throws Exception {
        List<Exchange> seen = new ArrayList<>();
        String email = UserSessionIT.uniqueEmail();
        seen.add(call("GET", "/health", null, null, Map.of()));
        seen.add(call("GET", "/products", null, null, Map.of()));
        seen.add(call("GET", "/products?q=notebook&minPriceCents=100&inStock=true&limit=1", null, null, Map.of()));
        seen.add(call("GET", "/products?limit=1", null, null, Map.of()));
        seen.add(call("GET", "/products?inStock=maybe", null, null, Map.of()));
        seen.add(call(
                "POST",
                "/users",
                null,
                "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"name\":\"Spec\"}",
                Map.of()));
        seen.add(call(
                "POST",
                "/users",
                null,
                "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"name\":\"Spec\"}",
                Map.of()));
        seen.add(call("POST", "/users", null, "{\"email\":\"nope\"}", Map.of()));
        Exchange login = call(
                "POST",
                "/sessions",
                null,
                "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}",
                Map.of());
        seen.add(login);
        seen.add(call(
                "POST", "/sessions", null, "{\"email\":\"" + email + "\",\"password\":\"wrong password\"}", Map.of()));
        String token = "Bearer "
                + UserSessionIT.JSON.readTree(login.body()).get("token").asText();
        seen.add(call("GET", "/users/me", null, null, Map.of()));
        seen.add(call("GET", "/users/me", "Bearer not-a-token", null, Map.of()));
        seen.add(call("PATCH", "/users/me", token, "{\"name\":\"Spec 2\",\"version\":1}", Map.of()));
        seen.add(call("PATCH", "/users/me", token, "{\"name\":\"Spec 3\",\"version\":1}", Map.of()));
        String productId = OrderIT.product(1, 700);
        Exchange order =
                call("POST", "/orders", token, OrderIT.items(productId, 1), Map.of("Idempotency-Key", "spec-1"));
        seen.add(order);
        seen.add(call("POST", "/orders", token, OrderIT.items(productId, 1), Map.of("Idempotency-Key", "spec-2")));
        seen.add(call("POST", "/orders", token, OrderIT.items(productId, 2), Map.of("Idempotency-Key", "spec-1")));
        seen.add(call("POST", "/orders", token, OrderIT.items(productId, 1), Map.of()));
        seen.add(call("GET", "/orders", token, null, Map.of()));
        seen.add(call("GET", "/orders?limit=0", token, null, Map.of()));
        String orderId =
                UserSessionIT.JSON.readTree(order.body()).get("orderId").asText();
        seen.add(call("GET", "/orders/" + orderId, token, null, Map.of()));
        seen.add(call("GET", "/orders/00000000-0000-4000-8000-0000000000ff", token, null, Map.of()));
        Exchange put = call(
                "POST",
                "/uploads",
                token,
                "{\"fileName\":\"a.png\",\"contentType\":\"image/png\",\"contentLength\":3,\"method\":\"PUT\"}",
                Map.of());
        seen.add(put);
        seen.add(call(
                "POST",
                "/uploads",
                token,
                "{\"fileName\":\"a.pdf\",\"contentType\":\"application/pdf\",\"contentLength\":3,\"method\":\"POST\"}",
                Map.of()));
        seen.add(call(
                "POST",
                "/uploads",
                token,
                "{\"fileName\":\"a.exe\",\"contentType\":\"application/x-msdownload\",\"contentLength\":3,\"method\":\"PUT\"}",
                Map.of()));
        seen.add(call("GET", "/uploads", token, null, Map.of()));
        seen.add(call(
                "GET",
                "/uploads/"
                        + UserSessionIT.JSON
                                .readTree(put.body())
                                .get("uploadId")
                                .asText(),
                token,
                null,
                Map.of()));
        seen.add(call("GET", "/uploads/000000000000000000000000", token, null, Map.of()));
        String putId = UserSessionIT.JSON.readTree(put.body()).get("uploadId").asText();
        seen.add(call("DELETE", "/uploads/" + putId, token, null, Map.of()));
        seen.add(call("DELETE", "/uploads/" + putId, token, null, Map.of()));
        seen.add(call("GET", "/users/me/export", token, null, Map.of()));
        seen.add(call(
                "PUT",
                "/users/me/password",
                token,
                "{\"currentPassword\":\"wrong password\",\"newPassword\":\"another horse battery\"}",
                Map.of()));
        seen.add(call(
                "PUT",
                "/users/me/password",
                token,
                "{\"currentPassword\":\"correct horse battery\",\"newPassword\":\"short\"}",
                Map.of()));
        seen.add(call(
                "PUT",
                "/users/me/password",
                token,
                "{\"currentPassword\":\"correct horse battery\",\"newPassword\":\"correct horse battery\"}",
                Map.of()));
        String userId = UserSessionIT.JSON
                .readTree(call("GET", "/users/me", token, null, Map.of()).body())
                .get("userId")
                .asText();
        seen.add(call("PUT", "/users/" + userId + "/roles/admin", token, null, Map.of()));
        seen.add(call("GET", "/users/me", token, null, Map.of()));
        String admin = "Bearer " + RolesIT.newAdmin().token();
        seen.add(call("PUT", "/users/" + userId + "/roles/admin", admin, null, Map.of()));
        seen.add(call("DELETE", "/users/" + userId + "/roles/admin", admin, null, Map.of()));
        seen.add(call("PUT", "/users/" + userId + "/roles/root", admin, null, Map.of()));
        seen.add(call("PUT", "/users/00000000-0000-4000-8000-0000000000ff/roles/admin", admin, null, Map.of()));
        String lifecycleProduct = OrderIT.product(10, 300);
        String shipped = UserSessionIT.JSON
                .readTree(call(
                                "POST",
                                "/orders",
                                token,
                                OrderIT.items(lifecycleProduct, 1),
                                Map.of("Idempotency-Key", "spec-ship"))
                        .body())
                .get("orderId")
                .asText();
        String cancelled = UserSessionIT.JSON
                .readTree(call(
                                "POST",
                                "/orders",
                                token,
                                OrderIT.items(lifecycleProduct, 1),
                                Map.of("Idempotency-Key", "spec-cancel"))
                        .body())
                .get("orderId")
                .asText();
        seen.add(call("POST", "/orders/" + cancelled + "/cancel", token, null, Map.of()));
        seen.add(call("POST", "/orders/" + cancelled + "/cancel", token, null, Map.of()));
        seen.add(call("POST", "/orders/00000000-0000-4000-8000-0000000000ff/cancel", token, null, Map.of()));
        seen.add(call("POST", "/orders/" + shipped + "/status", token, "{\"status\":\"SHIPPED\"}", Map.of()));
        seen.add(call("POST", "/orders/" + shipped + "/status", admin, "{\"status\":\"SHIPPED\"}", Map.of()));
        seen.add(call("POST", "/orders/" + shipped + "/status", admin, "{\"status\":\"LOST\"}", Map.of()));
        seen.add(call("POST", "/orders/" + shipped + "/status", admin, "{\"status\":\"CONFIRMED\"}", Map.of()));
        seen.add(call(
                "POST",
                "/orders/00000000-0000-4000-8000-0000000000ff/status",
                admin,
                "{\"status\":\"DELIVERED\"}",
                Map.of()));
        seen.add(call("POST", "/orders/" + shipped + "/cancel", token, null, Map.of()));
        seen.add(call("GET", "/orders", token, null, Map.of()));
        String sku = "SPEC-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String newProduct = "{\"sku\":\"" + sku + "\",\"name\":\"Spec product\",\"priceCents\":250,\"stock\":2}";
        Exchange created = call("POST", "/products", admin, newProduct, Map.of());
        seen.add(created);
        seen.add(call("POST", "/products", admin, newProduct, Map.of()));
        seen.add(call("POST", "/products", admin, "{\"sku\":\"bad sku\",\"name\":\"X\",\"priceCents\":1}", Map.of()));
        seen.add(call("POST", "/products", token, newProduct, Map.of()));
        String createdId =
                UserSessionIT.JSON.readTree(created.body()).get("productId").asText();
        seen.add(call("GET", "/products/" + createdId, null, null, Map.of()));
        seen.add(call("GET", "/products/00000000-0000-4000-8000-0000000000ff", null, null, Map.of()));
        seen.add(call("PATCH", "/products/" + createdId, admin, "{\"priceCents\":300,\"version\":1}", Map.of()));
        seen.add(call("PATCH", "/products/" + createdId, admin, "{\"priceCents\":400,\"version\":1}", Map.of()));
        seen.add(call(
                "POST", "/products/" + createdId + "/stock", admin, "{\"delta\":3,\"reason\":\"delivery\"}", Map.of()));
        seen.add(call(
                "POST",
                "/products/" + createdId + "/stock",
                admin,
                "{\"delta\":-30,\"reason\":\"stocktake\"}",
                Map.of()));
        String image = "{\"fileName\":\"a.png\",\"contentType\":\"image/png\",\"contentLength\":9,\"method\":\"PUT\"}";
        seen.add(call("POST", "/products/" + createdId + "/image", admin, image, Map.of()));
        seen.add(call(
                "POST",
                "/products/" + createdId + "/image",
                admin,
                image.replace("image/png", "application/pdf"),
                Map.of()));
        seen.add(call("POST", "/products/00000000-0000-4000-8000-0000000000ff/image", admin, image, Map.of()));
        seen.add(call("POST", "/products/" + createdId + "/archive", admin, null, Map.of()));
        seen.add(call(
                "POST", "/orders", token, OrderIT.items(createdId, 1), Map.of("Idempotency-Key", "spec-archived")));
        seen.add(call("POST", "/products/" + createdId + "/restore", admin, null, Map.of()));
        seen.add(call("DELETE", "/sessions", token, null, Map.of()));
        seen.add(call("DELETE", "/sessions/current", token, null, Map.of()));
        String leaving = UserSessionIT.uniqueEmail();
        seen.add(call(
                "POST",
                "/users",
                null,
                "{\"email\":\"" + leaving + "\",\"password\":\"correct horse battery\",\"name\":\"Leaving\"}",
                Map.of()));
        String leavingToken = "Bearer "
                + UserSessionIT.JSON
                        .readTree(call(
                                        "POST",
                                        "/sessions",
                                        null,
                                        "{\"email\":\"" + leaving + "\",\"password\":\"correct horse battery\"}",
                                        Map.of())
                                .body())
                        .get("token")
                        .asText();
        seen.add(call("DELETE", "/users/me", leavingToken, "{\"password\":\"wrong password\"}", Map.of()));
        seen.add(call("DELETE", "/users/me", leavingToken, "{}", Map.of()));
        seen.add(call("DELETE", "/users/me", leavingToken, "{\"password\":\"correct horse battery\"}", Map.of()));
        seen.add(call("DELETE", "/users/me", leavingToken, "{\"password\":\"correct horse battery\"}", Map.of()));

        List<String> problems = new ArrayList<>();
        for (Exchange exchange : seen) {
            problems.addAll(validate(exchange));
        }
        assertEquals(List.of(), problems);
        assertTrue(seen.stream().map(Exchange::status).distinct().count() >= 8, "the scenario covers many statuses");
    }

    @Test
    void theCheckCatchesAnAnswerThatBreaksTheSpec() throws Exception {
        assertTrue(
                !validate(new Exchange("GET", "/products", 200, "{\"items\":[{\"sku\":1}]}"))
                        .isEmpty(),
                "wrong type and missing fields");
        assertTrue(
                !validate(new Exchange("GET", "/products", 200, "{\"items\":[],\"extra\":true}"))
                        .isEmpty(),
                "undocumented field");
        assertTrue(!validate(new Exchange(
                        "POST", "/users", 409, "{\"error\":{\"code\":\"NOT_A_DOCUMENTED_CODE\",\"message\":\"x\"}}"))
                .isEmpty());
        assertTrue(!validate(new Exchange("GET", "/products", 418, "{}")).isEmpty(), "undocumented status");
    }

    static Exchange call(String method, String path, String token, String body, Map<String, String> headers) {
        HttpRequest.Builder request = SharedBackend.request(path).header("content-type", "application/json");
        if (token != null) {
            request.header("Authorization", token);
        }
        headers.forEach(request::header);
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = SharedBackend.send(request);
        return new Exchange(method, path.replaceAll("\\?.*", ""), response.statusCode(), response.body());
    }

    static List<String> validate(Exchange exchange) throws IOException {
        Route route = RouteTable.ROUTES.stream()
                .filter(r -> !r.isDefault() && r.method().equals(exchange.method()) && r.matchesPath(exchange.path()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no route for " + exchange));
        String where = exchange.method() + " " + exchange.path() + " → " + exchange.status();
        JsonNode response = spec.path("paths")
                .path(route.path())
                .path(exchange.method().toLowerCase(Locale.ROOT))
                .path("responses")
                .path(Integer.toString(exchange.status()));
        if (response.isMissingNode()) {
            return List.of(where + ": status not documented");
        }
        if (response.has("$ref")) {
            response = resolve(response.get("$ref").asText());
        }
        JsonNode schema = response.path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            return exchange.body().isEmpty() ? List.of() : List.of(where + ": a body where the spec has none");
        }
        ObjectNode standalone = (ObjectNode) UserSessionIT.JSON.readTree(rewriteRefs(schema.toString()));
        standalone.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        standalone.set(
                "$defs",
                UserSessionIT.JSON.readTree(
                        rewriteRefs(spec.get("components").get("schemas").toString())));
        Set<ValidationMessage> errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(standalone)
                .validate(UserSessionIT.JSON.readTree(exchange.body()));
        return errors.stream()
                .map(e -> where + ": " + e.getMessage() + " in " + exchange.body())
                .toList();
    }

    static JsonNode resolve(String ref) {
        JsonNode node = spec;
        for (String part : ref.substring(2).split("/")) {
            node = node.get(part);
        }
        return node;
    }

    static String rewriteRefs(String json) {
        return json.replace("#/components/schemas/", "#/$defs/");
    }

    @Test
    void theDocsPageAndTheSpecAreServed() {
        HttpResponse<String> page =
                SharedBackend.send(SharedBackend.request("/docs").GET());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("SwaggerUIBundle"));
        assertEquals(
                200,
                SharedBackend.send(SharedBackend.request("/docs/swagger-ui-bundle.js")
                                .GET())
                        .statusCode());
        HttpResponse<String> yaml =
                SharedBackend.send(SharedBackend.request("/openapi.yaml").GET());
        assertEquals(200, yaml.statusCode());
        assertTrue(yaml.body().startsWith("openapi: 3.1"));
    }

    /** A real headless browser renders /docs; the screenshot lands in local/target/docs.png. */
    @Test
    void theDocsRenderInHeadlessChromium(@TempDir Path profile) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Assumptions.assumeTrue(
                Files.isExecutable(chromium),
                "Debian's chromium is not installed (apt-get install chromium); .ci/run installs it");
        String url = SharedBackend.get().gatewayEndpoint() + "/docs";
        List<String> flags = List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=15000");
        String dom = run(concat(flags, List.of("--dump-dom", url)));
        assertTrue(dom.contains("opblock-summary-path"), "Swagger UI rendered the operations");
        assertTrue(
                dom.contains("/orders/{orderId}") || dom.contains("/orders/\u200B{orderId}"),
                "the spec's routes are on the page");
        Path screenshot = Path.of("target", "docs.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        run(concat(flags, List.of("--window-size=1280,1600", "--screenshot=" + screenshot, url)));
        assertTrue(Files.size(screenshot) > 20_000, "a screenshot with content");
        System.out.println("[docs] screenshot of /docs in headless Chromium: " + screenshot);
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(Duration.ofSeconds(90).toSeconds(), TimeUnit.SECONDS), "chromium finished");
        assertNotNull(out);
        return new String(out, StandardCharsets.UTF_8);
    }
}
