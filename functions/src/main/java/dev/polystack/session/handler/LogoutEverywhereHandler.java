package dev.polystack.session.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.session.SessionService;

/** {@code DELETE /sessions}: ends every session of the caller, the one that authorised this request included. */
public final class LogoutEverywhereHandler extends HttpFunction {
    private final SessionService sessions;

    public LogoutEverywhereHandler() {
        this(AppContext.fromEnvironment().sessions());
    }

    public LogoutEverywhereHandler(SessionService sessions) {
        this.sessions = sessions;
    }

    record Response(int sessionsEnded) {}

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        return HttpResponses.json(200, new Response(sessions.logoutEverywhere(request.callerId())));
    }

    @Override
    protected boolean primesAsCaller() {
        return true;
    }

    /**
     * Before a SnapStart snapshot: a caller id no sign-up issues, which the use case refuses before it records the
     * change in the recovery ledger (its first write).
     */
    @Override
    protected String primingCaller() {
        return "snapstart-priming";
    }
}
