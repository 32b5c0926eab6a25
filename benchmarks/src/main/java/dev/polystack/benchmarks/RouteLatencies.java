package dev.polystack.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.local.lambda.FunctionDefinition;
import dev.polystack.local.lambda.SamTemplate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Every route's warm latency through the local gateway (functions as processes, the authorizer in
 * front of guarded routes), one request at a time after a warm-up, and the store calls each
 * invocation made, read from the functions' own log lines ({@code storeCalls}).
 */
final class RouteLatencies {
    static final int WARM_UP = 5;
    static final int MEASURED = 40;

    record RouteFigures(
            String routeKey, String function, List<Double> latencies, Map<Integer, Integer> statuses, String calls) {}

    private final Api api;
    private final FunctionLogs logs;
    private final String email = "routes-" + UUID.randomUUID() + "@example.com";
    private String token;
    private long version = 1;
    private String orderId;
    private String uploadId;

    RouteLatencies(Api api, FunctionLogs logs) {
        this.api = api;
        this.logs = logs;
    }

    List<RouteFigures> measure(SamTemplate template) {
        token = api.newUser(email);
        Map<String, Supplier<Api.Answer>> requests = requests();
        List<RouteFigures> figures = new ArrayList<>();
        for (var trigger : template.triggers(FunctionDefinition.HttpRoute.class)) {
            String routeKey = trigger.getValue().path().equals("$default")
                    ? "$default"
                    : trigger.getValue().method() + " " + trigger.getValue().path();
            Supplier<Api.Answer> request = requests.get(routeKey);
            if (request == null) {
                figures.add(new RouteFigures(
                        routeKey, trigger.getKey().name(), List.of(), Map.of(), "no request scripted for this route"));
                continue;
            }
            System.out.println("  " + routeKey + "…");
            for (int i = 0; i < WARM_UP; i++) {
                request.get();
            }
            logs.clear();
            List<Double> latencies = new ArrayList<>();
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (int i = 0; i < MEASURED; i++) {
                Api.Answer answer = request.get();
                latencies.add(answer.millis());
                statuses.merge(answer.status(), 1, Integer::sum);
            }
            figures.add(new RouteFigures(
                    routeKey,
                    trigger.getKey().name(),
                    latencies,
                    statuses,
                    logs.typicalCalls(trigger.getKey().name())));
        }
        return figures;
    }

    /** What the authorizer did for the guarded routes above. */
    String authorizerCalls() {
        return logs.typicalCallsOfAll("Authorizer");
    }

    private Map<String, Supplier<Api.Answer>> requests() {
        String upload =
                "{\"fileName\":\"cat.png\",\"contentType\":\"image/png\",\"contentLength\":9,\"method\":\"PUT\"}";
        Map<String, Supplier<Api.Answer>> requests = new LinkedHashMap<>();
        requests.put("GET /health", () -> api.send("GET", "/health", null, null));
        requests.put("GET /products", () -> api.send("GET", "/products", null, null));
        requests.put(
                "POST /users",
                () -> api.send(
                        "POST",
                        "/users",
                        null,
                        "{\"email\":\"" + UUID.randomUUID() + "@example.com\",\"password\":\"" + Api.PASSWORD
                                + "\",\"name\":\"Bench\"}"));
        requests.put(
                "POST /sessions",
                () -> api.send(
                        "POST",
                        "/sessions",
                        null,
                        "{\"email\":\"" + email + "\",\"password\":\"" + Api.PASSWORD + "\"}"));
        requests.put("GET /users/me", () -> api.send("GET", "/users/me", token, null));
        requests.put("PATCH /users/me", () -> {
            Api.Answer answer = api.send(
                    "PATCH", "/users/me", token, "{\"name\":\"Bench " + version + "\",\"version\":" + version + "}");
            if (answer.status() == 200) {
                version = answer.json().path("version").asLong(version + 1);
            }
            return answer;
        });
        requests.put("DELETE /sessions/current", () -> api.send("DELETE", "/sessions/current", api.login(email), null));
        requests.put("POST /orders", () -> {
            Api.Answer answer = api.send(
                    "POST",
                    "/orders",
                    token,
                    "{\"items\":[{\"productId\":\"" + Throughput.CATALOGUE.get(0) + "\",\"quantity\":1}]}",
                    Map.of("Idempotency-Key", UUID.randomUUID().toString()));
            if (answer.status() == 201) {
                orderId = answer.json().path("orderId").asText();
            }
            return answer;
        });
        requests.put("GET /orders", () -> api.send("GET", "/orders?limit=10", token, null));
        requests.put("GET /orders/{orderId}", () -> api.send("GET", "/orders/" + orderIdOrNew(), token, null));
        requests.put("POST /uploads", () -> {
            Api.Answer answer = api.send("POST", "/uploads", token, upload);
            if (answer.status() == 201) {
                uploadId = answer.json().path("uploadId").asText();
            }
            return answer;
        });
        requests.put("GET /uploads", () -> api.send("GET", "/uploads", token, null));
        requests.put("GET /uploads/{uploadId}", () -> {
            if (uploadId == null) {
                uploadId = api.send("POST", "/uploads", token, upload)
                        .json()
                        .path("uploadId")
                        .asText();
            }
            return api.send("GET", "/uploads/" + uploadId, token, null);
        });
        requests.put("$default", () -> api.send("GET", "/nowhere", null, null));
        return Collections.unmodifiableMap(requests);
    }

    private String orderIdOrNew() {
        if (orderId == null) {
            JsonNode order = api.send(
                            "POST",
                            "/orders",
                            token,
                            "{\"items\":[{\"productId\":\"" + Throughput.CATALOGUE.get(0) + "\",\"quantity\":1}]}",
                            Map.of("Idempotency-Key", UUID.randomUUID().toString()))
                    .json();
            orderId = order.path("orderId").asText();
        }
        return orderId;
    }
}
