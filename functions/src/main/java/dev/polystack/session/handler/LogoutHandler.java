package dev.polystack.session.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.session.SessionService;
import dev.polystack.session.SessionToken;

/** {@code DELETE /sessions/current}: ends the session whose token authorised this request. */
public final class LogoutHandler extends HttpFunction {
    private final SessionService sessions;

    public LogoutHandler() {
        this(AppContext.fromEnvironment().sessions());
    }

    public LogoutHandler(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        String callerId = request.callerId();
        SessionToken token = request.header("authorization")
                .flatMap(SessionToken::fromAuthorizationHeader)
                .orElse(new SessionToken(""));
        sessions.logout(token, callerId);
        return HttpResponses.noContent();
    }

    /**
     * Before a SnapStart snapshot: a caller without a session token, refused by the use case before it records the
     * logout in the recovery ledger (its first write); the ledger's write and the session's delete are primed by
     * their adapters (AppContext).
     */
    @Override
    protected boolean primesAsCaller() {
        return true;
    }
}
