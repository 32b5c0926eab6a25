package dev.polystack.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.local.SharedBackend;
import dev.polystack.local.StackClient;
import dev.polystack.session.SessionToken;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OWASP API1 and API3: user B, and callers with expired, revoked and forged tokens, ask for user A's
 * resources on every route that takes an id or lists a caller's own data. B gets 404 (or only B's
 * own, empty, data) with nothing of A's in the body or headers; the others never pass the gateway.
 * No answer anywhere carries a password hash, a token hash or an internal key.
 */
class AccessMatrixIT {
    static final StackClient API = new StackClient(SharedBackend.get().gatewayEndpoint());
    static final AtomicInteger CELLS = new AtomicInteger();
    static final AtomicInteger LEAKS = new AtomicInteger();

    /** What belongs to A and must never reach anyone else. */
    static String ownerToken;

    static String ownerId;
    static String ownerEmail;
    static String orderId;
    static String uploadId;
    static Map<String, String> callers;

    @BeforeAll
    static void owner() {
        ownerEmail = "owner-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> signUp = API.send(
                "POST",
                "/users",
                null,
                "{\"email\":\"" + ownerEmail + "\",\"password\":\"correct horse battery\",\"name\":\"Owner\"}");
        ownerId = StackClient.json(signUp).get("userId").asText();
        ownerToken = StackClient.json(API.send(
                        "POST",
                        "/sessions",
                        null,
                        "{\"email\":\"" + ownerEmail + "\",\"password\":\"correct horse battery\"}"))
                .get("token")
                .asText();
        orderId = StackClient.json(API.send(
                        "POST",
                        "/orders",
                        ownerToken,
                        "{\"items\":[{\"productId\":\"00000000-0000-4000-8000-000000000004\",\"quantity\":1}]}",
                        "Idempotency-Key",
                        "matrix-" + UUID.randomUUID()))
                .get("orderId")
                .asText();
        uploadId = StackClient.json(
                        API.send(
                                "POST",
                                "/uploads",
                                ownerToken,
                                "{\"fileName\":\"a.png\",\"contentType\":\"image/png\",\"contentLength\":10,\"method\":\"PUT\"}"))
                .get("uploadId")
                .asText();

        String revoked = API.newUserToken();
        API.send("DELETE", "/sessions/current", revoked, null);
        callers = Map.of(
                "other user",
                API.newUserToken(),
                "revoked token",
                revoked,
                "forged token",
                SessionToken.generate().value(),
                "malformed token",
                "not-a-token",
                "owner's token with one character changed",
                ownerToken.substring(0, ownerToken.length() - 1) + (ownerToken.endsWith("A") ? "B" : "A"));
    }

    @AfterAll
    static void report() {
        ObjectNode figures = Figures.newFigures();
        figures.put("cells", CELLS.get());
        figures.put("leaks", LEAKS.get());
        figures.put("callers", callers.size());
        Figures.write("access-matrix", figures);
    }

    /** Every route with a caller's id in it, or that lists the caller's own data. */
    static Stream<String[]> cells() {
        List<String[]> cells = new ArrayList<>();
        for (String caller : List.of(
                "other user",
                "revoked token",
                "forged token",
                "malformed token",
                "owner's token with one character changed")) {
            for (String route : List.of(
                    "GET /orders/{orderId}",
                    "GET /uploads/{uploadId}",
                    "GET /orders",
                    "GET /uploads",
                    "GET /users/me",
                    "PATCH /users/me",
                    "DELETE /users/me",
                    "GET /users/me/export",
                    "PUT /users/me/password",
                    "DELETE /uploads/{uploadId}",
                    "DELETE /sessions",
                    "POST /orders/{orderId}/cancel",
                    "POST /orders/{orderId}/status",
                    "DELETE /sessions/current")) {
                cells.add(new String[] {caller, route});
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cells")
    void nobodyButTheOwnerSeesTheOwnersData(String caller, String route) {
        String token = callers.get(caller);
        String path = route.substring(route.indexOf(' ') + 1)
                .replace("{orderId}", orderId)
                .replace("{uploadId}", uploadId);
        String method = route.substring(0, route.indexOf(' '));
        // Erasing acts on the caller's own account only: another user's session with a password that is not theirs gets
        // 403 WRONG_PASSWORD.
        String body = switch (method) {
            case "PATCH" -> "{\"name\":\"Taken over\",\"version\":1}";
            // The owner's password, as an attacker who knows it but holds another session would send it.
            case "PUT" ->
                "{\"currentPassword\":\"correct horse battery\",\"newPassword\":\"taken over horse battery\"}";
            default ->
                route.endsWith("/status")
                        ? "{\"status\":\"SHIPPED\"}"
                        : route.equals("DELETE /users/me") ? "{\"password\":\"the owner's password, guessed\"}" : null;
        };
        if (caller.equals("other user") && route.startsWith("DELETE /sessions")) {
            token = API.newUserToken(); // ending the other user's sessions must not end their later cells
        }
        HttpResponse<String> response = API.send(method, path, token, body);
        CELLS.incrementAndGet();
        String everything = response.headers().map() + " " + response.body();
        List<String> leaked = Stream.of(ownerId, ownerEmail, orderId, uploadId, ownerToken)
                .filter(everything::contains)
                .toList();
        if (!leaked.isEmpty()) {
            LEAKS.incrementAndGet();
        }
        assertEquals(List.of(), leaked, caller + " " + route + " saw the owner's data: " + everything);
        if (caller.equals("other user")) {
            if (route.endsWith("/status")) {
                assertEquals(403, response.statusCode(), response.body());
                assertTrue(response.body().contains("ADMIN_REQUIRED"), "an administrators' route: " + response.body());
            } else if (route.contains("{")) {
                assertEquals(404, response.statusCode(), response.body());
            } else if (route.equals("DELETE /users/me")) {
                assertEquals(403, response.statusCode(), response.body());
                assertTrue(response.body().contains("WRONG_PASSWORD"), response.body());
            } else {
                assertTrue(response.statusCode() < 500, response.body());
            }
        } else {
            assertEquals(403, response.statusCode(), "the gateway refuses " + caller + ": " + response.body());
        }
        assertNoSecrets(response);
        assertEquals(
                200,
                API.send("GET", "/users/me", ownerToken, null).statusCode(),
                "the owner's session survives " + caller + " " + route);
        assertEquals(
                200,
                API.send("GET", "/uploads/" + uploadId, ownerToken, null).statusCode(),
                "the owner's upload survives " + caller + " " + route);
        assertEquals(
                201,
                API.send(
                                "POST",
                                "/sessions",
                                null,
                                "{\"email\":\"" + ownerEmail + "\",\"password\":\"correct horse battery\"}")
                        .statusCode(),
                "the owner's password is unchanged after " + caller + " " + route);
        if (route.startsWith("POST /orders/")) {
            HttpResponse<String> order = API.send("GET", "/orders/" + orderId, ownerToken, null);
            assertEquals(
                    "CONFIRMED",
                    StackClient.json(order).get("status").asText(),
                    caller + " " + route + " changed the owner's order");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ownerRoutes")
    void theOwnersOwnAnswersCarryNoHashOrInternalKey(String route) {
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1)
                .replace("{orderId}", orderId)
                .replace("{uploadId}", uploadId);
        HttpResponse<String> response = API.send(method, path, ownerToken, null);
        assertEquals(200, response.statusCode(), response.body());
        CELLS.incrementAndGet();
        assertNoSecrets(response);
    }

    static Stream<String> ownerRoutes() {
        return Stream.of(
                "GET /users/me",
                "GET /orders",
                "GET /orders/{orderId}",
                "GET /uploads",
                "GET /uploads/{uploadId}",
                "GET /products",
                "GET /users/me/export");
    }

    static void assertNoSecrets(HttpResponse<String> response) {
        String everything = response.headers().map() + " " + response.body();
        String tokenHash = new SessionToken(ownerToken).hash();
        for (String secret : List.of(
                "$argon2",
                tokenHash,
                "USER#",
                "SESSION#",
                "EMAIL#",
                "ORDER#",
                "UPLOAD#",
                "\"PK\"",
                "\"SK\"",
                "passwordHash")) {
            if (everything.contains(secret)) {
                LEAKS.incrementAndGet();
                throw new AssertionError("an answer carries " + secret + ": " + everything);
            }
        }
    }
}
