package dev.polystack.session.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.app.AppContext;
import dev.polystack.http.Json;
import dev.polystack.session.SessionService;
import dev.polystack.session.SessionToken;
import dev.polystack.shared.InvocationLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
        this(AppContext.fromEnvironment().sessions());
    }

    public AuthorizerHandler(SessionService sessions) {
        this.sessions = sessions;
    }

    record Decision(boolean isAuthorized, Map<String, Object> context) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        InvocationLine line = InvocationLine.start(context == null ? null : context.getAwsRequestId()).with("trigger", "authorizer");
        Optional<String> userId = Optional.empty();
        try {
            JsonNode event = Json.EVENTS.readTree(input);
            line.with("routeArn", event.path("routeArn").asText(null));
            userId = bearerHeader(event).flatMap(SessionToken::fromAuthorizationHeader).flatMap(sessions::authenticate);
        } catch (IOException unreadable) {
            line.failed(unreadable);
        } catch (RuntimeException storeFailure) {
            // The session store failed: answer with an error (API Gateway turns it into a 500), not a misleading 403.
            line.with("authorized", false).failed(storeFailure).write();
            throw storeFailure;
        }
        Decision decision = userId
                .map(id -> new Decision(true, Map.<String, Object>of("userId", id)))
                .orElse(new Decision(false, Map.of()));
        Json.EVENTS.writeValue(output, Map.of("isAuthorized", decision.isAuthorized(), "context", decision.context()));
        line.with("authorized", decision.isAuthorized()).write();
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
