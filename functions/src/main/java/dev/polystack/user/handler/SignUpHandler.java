package dev.polystack.user.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.EdgeOrigin;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.user.DisplayName;
import dev.polystack.user.Email;
import dev.polystack.user.Password;
import dev.polystack.user.User;
import dev.polystack.user.UserService;

/** {@code POST /users}: creates an account; 409 EMAIL_TAKEN when the address is in use. */
public final class SignUpHandler extends HttpFunction {
    private final UserService users;
    private final EdgeOrigin edge;

    public SignUpHandler() {
        this(AppContext.fromEnvironment().users(), AppContext.fromEnvironment().edgeOrigin());
    }

    /** Counting every request by API Gateway's {@code sourceIp}, as when no edge secret is configured. */
    public SignUpHandler(UserService users) {
        this(users, EdgeOrigin.NONE);
    }

    public SignUpHandler(UserService users, EdgeOrigin edge) {
        this.users = users;
        this.edge = edge;
    }

    record Request(String email, String password, String name) {}

    record Response(String userId, String email, String name) {}

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Request body = request.body(Request.class);
        Email email = new Email(body.email());
        Password password = new Password(body.password());
        DisplayName name = new DisplayName(body.name());
        User user = users.signUp(email, password, name, edge.clientAddress(request));
        return HttpResponses.json(
                201,
                new Response(user.userId(), user.email().value(), user.name().value()));
    }

    /** Before a SnapStart snapshot: an address that is not one, refused by its validation before any store is called. */
    @Override
    protected String primingBody() {
        return "{\"email\":\"priming\",\"password\":\"priming-password\",\"name\":\"Priming\"}";
    }
}
