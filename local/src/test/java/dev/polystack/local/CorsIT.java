package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.app.CorsPolicy;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The local gateway answers browsers on other origins as the deployed HTTP API does with {@link CorsPolicy#DEFAULT}. */
class CorsIT {
    static final String ORIGIN = "http://app.example.test:8080";

    @Test
    void aPreflightIsAnsweredByTheGatewayWithTheConfiguredMethodsAndHeaders() {
        HttpResponse<String> preflight = SharedBackend.send(SharedBackend.request("/orders")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key"));
        assertEquals(204, preflight.statusCode());
        assertEquals(
                "*",
                preflight.headers().firstValue("access-control-allow-origin").orElse(""));
        assertEquals(
                CorsPolicy.DEFAULT.allowMethods(),
                List.of(preflight
                        .headers()
                        .firstValue("access-control-allow-methods")
                        .orElse("")
                        .split(",")));
        assertEquals(
                CorsPolicy.DEFAULT.allowHeaders(),
                List.of(preflight
                        .headers()
                        .firstValue("access-control-allow-headers")
                        .orElse("")
                        .split(",")));
        assertEquals(
                Integer.toString(CorsPolicy.DEFAULT.maxAgeSeconds()),
                preflight.headers().firstValue("access-control-max-age").orElse(""));
    }

    @Test
    void answersToAnotherOriginExposeTheHeadersBrowserCodeReads() {
        HttpResponse<String> products =
                SharedBackend.send(SharedBackend.request("/products").header("Origin", ORIGIN));
        assertEquals(200, products.statusCode());
        assertEquals(
                "*",
                products.headers().firstValue("access-control-allow-origin").orElse(""));
        List<String> exposed = List.of(products.headers()
                .firstValue("access-control-expose-headers")
                .orElse("")
                .split(","));
        assertTrue(exposed.containsAll(List.of("idempotent-replayed", "retry-after")), exposed.toString());
    }

    @Test
    void theGatewaysOwnRefusalsCarryCorsHeadersSoTheBrowserCanReadThem() {
        HttpResponse<String> unauthorized =
                SharedBackend.send(SharedBackend.request("/users/me").header("Origin", ORIGIN));
        assertEquals(401, unauthorized.statusCode());
        assertEquals(
                "*",
                unauthorized.headers().firstValue("access-control-allow-origin").orElse(""));
    }

    @Test
    void aRequestWithoutOriginGetsNoCorsHeaders() {
        HttpResponse<String> products = SharedBackend.send(SharedBackend.request("/products"));
        assertTrue(products.headers().firstValue("access-control-allow-origin").isEmpty());
    }
}
