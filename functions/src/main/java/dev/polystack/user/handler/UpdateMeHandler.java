package dev.polystack.user.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.shared.DomainException;
import dev.polystack.user.DisplayName;
import dev.polystack.user.UserService;

/** {@code PATCH /users/me}: renames the caller if {@code version} is current; 409 VERSION_CONFLICT otherwise. */
public final class UpdateMeHandler extends HttpFunction {
    private final UserService users;

    public UpdateMeHandler() {
        this(AppContext.fromEnvironment().users());
    }

    public UpdateMeHandler(UserService users) {
        this.users = users;
    }

    record Request(String name, Long version) {}

    record Response(String userId, String name, long version) {}

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        String userId = request.callerId();
        Request body = request.body(Request.class);
        if (body.version() == null) {
            throw DomainException.missingField("version is required");
        }
        DisplayName name = new DisplayName(body.name());
        long version = users.rename(userId, name, body.version());
        return HttpResponses.json(200, new Response(userId, name.value(), version));
    }

    @Override
    protected boolean primesAsCaller() {
        return true;
    }

    /** Before a SnapStart snapshot: a valid rename of a caller with no account, which DynamoDB's condition refuses. */
    @Override
    protected String primingBody() {
        return "{\"name\":\"Priming\",\"version\":1}";
    }
}
