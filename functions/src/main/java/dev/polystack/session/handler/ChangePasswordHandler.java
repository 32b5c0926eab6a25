package dev.polystack.session.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.EdgeOrigin;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.session.SessionService;
import dev.polystack.session.SessionToken;
import dev.polystack.shared.DomainException;
import dev.polystack.user.Password;

/**
 * {@code PUT /users/me/password}: {@code {"currentPassword","newPassword"}}; the new one is checked as
 * at sign-up (400 INVALID_PASSWORD), the current one must match (403 WRONG_CURRENT_PASSWORD, counted
 * like a failed login: 429 TOO_MANY_ATTEMPTS). Every other session of the caller ends; this one stays.
 */
public final class ChangePasswordHandler extends HttpFunction {
    private final SessionService sessions;
    private final EdgeOrigin edge;

    public ChangePasswordHandler() {
        this(
                AppContext.fromEnvironment().sessions(),
                AppContext.fromEnvironment().edgeOrigin());
    }

    /** Counting every request by API Gateway's {@code sourceIp}, as when no edge secret is configured. */
    public ChangePasswordHandler(SessionService sessions) {
        this(sessions, EdgeOrigin.NONE);
    }

    public ChangePasswordHandler(SessionService sessions, EdgeOrigin edge) {
        this.sessions = sessions;
        this.edge = edge;
    }

    record Request(String currentPassword, String newPassword) {}

    record Response(int otherSessionsEnded) {}

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        String userId = request.callerId();
        Request body = request.body(Request.class);
        if (body.currentPassword() == null) {
            throw DomainException.missingField("currentPassword is required");
        }
        if (body.newPassword() == null) {
            throw DomainException.missingField("newPassword is required");
        }
        Password newPassword = new Password(body.newPassword());
        SessionToken token = request.header("authorization")
                .flatMap(SessionToken::fromAuthorizationHeader)
                .orElse(new SessionToken(""));
        int ended = sessions.changePassword(
                userId, token, body.currentPassword(), newPassword, edge.clientAddress(request));
        return HttpResponses.json(200, new Response(ended));
    }

    @Override
    protected boolean primesAsCaller() {
        return true;
    }

    /** Before a SnapStart snapshot: a new password shorter than the minimum, refused by its validation before any store is called. */
    @Override
    protected String primingBody() {
        return "{\"currentPassword\":\"priming-password\",\"newPassword\":\"short\"}";
    }
}
