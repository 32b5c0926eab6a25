package dev.polystack.session.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.EdgeOrigin;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.session.SessionService;
import dev.polystack.user.Email;
import dev.polystack.user.Password;

/**
 * {@code POST /sessions}: exchanges e-mail and password for a bearer token; 401 INVALID_CREDENTIALS
 * otherwise, and 429 TOO_MANY_ATTEMPTS (with Retry-After) once the account or the source address has
 * failed too often in the current window.
 */
public final class LoginHandler extends HttpFunction {
    private final SessionService sessions;
    private final EdgeOrigin edge;

    public LoginHandler() {
        this(
                AppContext.fromEnvironment().sessions(),
                AppContext.fromEnvironment().edgeOrigin());
    }

    /** Counting every request by API Gateway's {@code sourceIp}, as when no edge secret is configured. */
    public LoginHandler(SessionService sessions) {
        this(sessions, EdgeOrigin.NONE);
    }

    public LoginHandler(SessionService sessions, EdgeOrigin edge) {
        this.sessions = sessions;
        this.edge = edge;
    }

    record Request(String email, String password) {}

    record Response(String token, String expiresAt) {}

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Request body = request.body(Request.class);
        SessionService.Issued issued =
                sessions.login(new Email(body.email()), new Password(body.password()), edge.clientAddress(request));
        return HttpResponses.json(
                201, new Response(issued.token().value(), issued.expiresAt().toString()));
    }
}
