package dev.polystack.user.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.shared.Role;
import dev.polystack.user.UserProfile;
import dev.polystack.user.UserService;
import java.util.List;

/** {@code GET /users/me}: the caller's profile (with their roles), recent orders and pending uploads, from one Query. */
public final class GetMeHandler extends HttpFunction {
    private final UserService users;

    public GetMeHandler() {
        this(AppContext.fromEnvironment().users());
    }

    public GetMeHandler(UserService users) {
        this.users = users;
    }

    record Response(
            String userId,
            String email,
            String name,
            long version,
            List<String> roles,
            List<UserProfile.RecentOrder> recentOrders,
            List<UserProfile.PendingUpload> pendingUploads) {}

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        UserProfile profile = users.profile(request.callerId());
        return HttpResponses.json(
                200,
                new Response(
                        profile.user().userId(),
                        profile.user().email().value(),
                        profile.user().name().value(),
                        profile.user().version(),
                        profile.user().roles().stream()
                                .map(Role::wireName)
                                .sorted()
                                .toList(),
                        profile.recentOrders(),
                        profile.pendingUploads()));
    }

    /** Reads only: primed before a SnapStart snapshot as a caller with no account. */
    @Override
    protected boolean primesAsCaller() {
        return true;
    }
}
