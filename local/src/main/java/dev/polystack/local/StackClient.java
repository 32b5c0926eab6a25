package dev.polystack.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

/** A small HTTP client for one running local stack, for the tests and the recovery drill (the shared stack has its own helpers). */
public final class StackClient {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final URI gateway;

    public StackClient(URI gateway) {
        this.gateway = gateway;
    }

    public HttpResponse<String> send(String method, String path, String token, String json) {
        return send(method, path, token, json, null, null);
    }

    /** With one extra header (for example {@code Idempotency-Key}). */
    public HttpResponse<String> send(
            String method, String path, String token, String json, String header, String value) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (header != null) {
            request.header(header, value);
        }
        return send(request);
    }

    public static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code POST /users}: the answer to signing {@code email} up. */
    public HttpResponse<String> signUp(String email, String password, String name) {
        return send(
                "POST",
                "/users",
                null,
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"name\":\"" + name + "\"}");
    }

    /** {@code POST /sessions}: the answer to logging {@code email} in. */
    public HttpResponse<String> login(String email, String password) {
        return send("POST", "/sessions", null, "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    /** Signs up a fresh user and logs in: the bearer token. */
    public String newUserToken() {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> signUp = signUp(email, "correct horse battery", "Test");
        if (signUp.statusCode() != 201) {
            throw new AssertionError("sign-up: " + signUp.statusCode() + " " + signUp.body());
        }
        HttpResponse<String> login = login(email, "correct horse battery");
        if (login.statusCode() != 201) {
            throw new AssertionError("login: " + login.statusCode() + " " + login.body());
        }
        return json(login).get("token").asText();
    }
}
