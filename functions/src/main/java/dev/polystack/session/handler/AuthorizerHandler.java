package dev.polystack.session.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import dev.polystack.app.AppContext;
import dev.polystack.session.SessionService;
import dev.polystack.session.SessionToken;
import dev.polystack.shared.Role;
import dev.polystack.shared.lambda.AuthorizerFunction;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP API's Lambda authorizer: {@code Authorization: Bearer <token>} is checked with one
 * consistent GetItem, and the user id and the session's roles ({@code roles}: names, sorted,
 * comma-separated, empty for none) go to the route's handler in the authorizer context. A malformed
 * header is refused without a store call.
 */
public final class AuthorizerHandler extends AuthorizerFunction {
    private final SessionService sessions;

    public AuthorizerHandler() {
        this(AppContext.fromEnvironment().sessions());
    }

    public AuthorizerHandler(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    protected SimpleIAMPolicyResponse authorize(APIGatewayV2CustomAuthorizerEvent request) {
        return bearerHeader(request)
                .flatMap(SessionToken::fromAuthorizationHeader)
                .flatMap(sessions::authenticate)
                .map(session -> allow(Map.of(
                        "userId",
                        session.userId(),
                        "roles",
                        Objects.requireNonNullElse(Role.joined(session.roles()), ""))))
                .orElseGet(AuthorizerFunction::deny);
    }

    /** The identity source ({@code $request.header.Authorization}), else the header itself. */
    private static Optional<String> bearerHeader(APIGatewayV2CustomAuthorizerEvent request) {
        List<String> sources = request.getIdentitySource();
        if (sources != null && !sources.isEmpty()) {
            return Optional.ofNullable(sources.get(0));
        }
        Map<String, String> headers = request.getHeaders() == null ? Map.of() : request.getHeaders();
        return headers.entrySet().stream()
                .filter(header -> "authorization".equalsIgnoreCase(header.getKey()))
                .map(Map.Entry::getValue)
                .findFirst();
    }
}
