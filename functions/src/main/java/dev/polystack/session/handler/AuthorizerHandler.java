package dev.polystack.session.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.app.AppContext;
import dev.polystack.http.Json;
import dev.polystack.session.SessionService;
import dev.polystack.session.SessionToken;
import dev.polystack.shared.InvocationLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP API's Lambda authorizer (payload 2.0, simple responses): {@code Authorization: Bearer
 * <token>} is checked with one consistent GetItem, and the user id goes to the route's handler in
 * the authorizer context. A malformed header is refused without a store call.
 */
public final class AuthorizerHandler implements RequestStreamHandler {
    private final SessionService sessions;

    public AuthorizerHandler() {
        this(AppContext.get().sessions());
    }

    public AuthorizerHandler(SessionService sessions) {
        this.sessions = sessions;
    }

    record Decision(boolean isAuthorized, Map<String, Object> context) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long started = System.nanoTime();
        InvocationLog.begin();
        Optional<String> userId = Optional.empty();
        String failure = null;
        String routeArn = null;
        RuntimeException storeFailure = null;
        try {
            JsonNode event = Json.EVENTS.readTree(input);
            routeArn = event.path("routeArn").asText(null);
            userId = bearerHeader(event).flatMap(SessionToken::fromAuthorizationHeader).flatMap(sessions::authenticate);
        } catch (IOException e) {
            failure = "unreadable authorizer event: " + e.getMessage();
        } catch (RuntimeException e) {
            // The session store failed: answer with an error (API Gateway turns it into a 500), not a misleading 403.
            failure = e.getClass().getName() + ": " + e.getMessage();
            storeFailure = e;
        }
        Decision decision = userId
                .map(id -> new Decision(true, Map.<String, Object>of("userId", id)))
                .orElse(new Decision(false, Map.of()));
        if (storeFailure == null) {
            Json.EVENTS.writeValue(output, Map.of("isAuthorized", decision.isAuthorized(), "context", decision.context()));
        }

        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", failure == null ? "INFO" : "ERROR");
        line.put("requestId", context == null ? null : context.getAwsRequestId());
        line.put("trigger", "authorizer");
        line.put("routeArn", routeArn);
        line.put("authorized", decision.isAuthorized());
        line.put("latencyMs", (System.nanoTime() - started) / 1_000_000);
        line.put("storeCalls", InvocationLog.end().stream().map(c -> c.service() + "." + c.operation() + " " + c.latencyMs() + "ms").toList());
        if (failure != null) {
            line.put("error", failure);
        }
        InvocationLog.write(failure == null ? "INFO" : "ERROR", line);
        if (storeFailure != null) {
            throw storeFailure;
        }
    }

    /** The identity source ({@code $request.header.Authorization}), else the header itself. */
    private static Optional<String> bearerHeader(JsonNode event) {
        JsonNode sources = event.path("identitySource");
        if (sources.isArray() && !sources.isEmpty()) {
            return Optional.of(sources.get(0).asText());
        }
        JsonNode headers = event.path("headers");
        for (var names = headers.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if ("authorization".equalsIgnoreCase(name)) {
                return Optional.of(headers.get(name).asText());
            }
        }
        return Optional.empty();
    }
}
