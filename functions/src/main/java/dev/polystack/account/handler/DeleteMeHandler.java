package dev.polystack.account.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.account.ErasureService;
import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.EdgeOrigin;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.user.Password;

/**
 * {@code DELETE /users/me} with {@code {"password":…}}: 202 once the erasure is recorded (logins are
 * refused from then on); the rest follows at once and is finished by the scheduled pickup. 403
 * WRONG_PASSWORD, 429 TOO_MANY_ATTEMPTS (the login limits), 503 ERASURE_UNAVAILABLE: nothing changed.
 */
public final class DeleteMeHandler extends HttpFunction {
    private final ErasureService erasure;
    private final EdgeOrigin edge;

    public DeleteMeHandler() {
        this(
                AppContext.fromEnvironment().erasure(),
                AppContext.fromEnvironment().edgeOrigin());
    }

    /** Counting every request by API Gateway's {@code sourceIp}, as when no edge secret is configured. */
    public DeleteMeHandler(ErasureService erasure) {
        this(erasure, EdgeOrigin.NONE);
    }

    public DeleteMeHandler(ErasureService erasure, EdgeOrigin edge) {
        this.erasure = erasure;
        this.edge = edge;
    }

    record Request(String password) {}

    record Response(String userId, String status, String acceptedAt, String completesAfter) {}

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Request body = request.body(Request.class);
        ErasureService.Accepted accepted =
                erasure.erase(request.callerId(), new Password(body.password()), edge.clientAddress(request));
        return HttpResponses.json(
                202,
                new Response(
                        accepted.userId(),
                        accepted.finished() ? "ERASED" : "ERASING",
                        accepted.acceptedAt().toString(),
                        accepted.completesAfter().toString()));
    }

    @Override
    protected boolean primesAsCaller() {
        return true;
    }

    /**
     * Before a SnapStart snapshot: a caller with no account and no erasure job, so the use case reads both, finds
     * neither and refuses before the login limits, the ledger and the job are written.
     */
    @Override
    protected String primingBody() {
        return "{\"password\":\"priming-password\"}";
    }
}
