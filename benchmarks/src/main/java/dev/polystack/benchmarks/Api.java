package dev.polystack.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A client of the local gateway, as a program would call the deployed API; every answer carries its round-trip time. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "correct horse battery";

    record Answer(int status, String body, double millis) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Api(URI endpoint) {
        this.endpoint = endpoint;
    }

    Answer send(String method, String path, String token, String json, Map<String, String> headers) {
        HttpRequest request = GatewayRequest.of(endpoint, method, path, token, json, headers);
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), (System.nanoTime() - start) / 1e6);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer send(String method, String path, String token, String json) {
        return send(method, path, token, json, Map.of());
    }

    /** Signs up a new user and logs in: the bearer token. */
    String newUser(String email) {
        Answer signUp = send(
                "POST",
                "/users",
                null,
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Bench\"}");
        if (signUp.status() != 201) {
            throw new IllegalStateException("sign-up answered " + signUp.status() + ": " + signUp.body());
        }
        return login(email);
    }

    String login(String email) {
        Answer login =
                send("POST", "/sessions", null, "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        if (login.status() != 201) {
            throw new IllegalStateException("login answered " + login.status() + ": " + login.body());
        }
        return login.json().get("token").asText();
    }
}
