package dev.polystack.shared.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import dev.polystack.shared.InvocationLine;
import java.util.Map;

/**
 * An HTTP API Lambda authorizer (payload 2.0, simple responses): the request in, allow with a context
 * for the route's function, or deny. Its log line carries the gateway's request id and route, the same
 * as the route function's line. An unreadable event is denied; a failure to decide (the session store
 * is down) fails the invocation, which API Gateway answers with a 500 rather than a misleading 403.
 */
public abstract class AuthorizerFunction extends LambdaFunction<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> {

    protected AuthorizerFunction() {
        super("authorizer", APIGatewayV2CustomAuthorizerEvent.class, SimpleIAMPolicyResponse.class);
    }

    protected abstract SimpleIAMPolicyResponse authorize(APIGatewayV2CustomAuthorizerEvent request);

    protected static SimpleIAMPolicyResponse allow(Map<String, String> context) {
        return new SimpleIAMPolicyResponse(true, Map.copyOf(context));
    }

    protected static SimpleIAMPolicyResponse deny() {
        return new SimpleIAMPolicyResponse(false, Map.of());
    }

    @Override
    protected final SimpleIAMPolicyResponse process(APIGatewayV2CustomAuthorizerEvent event, InvocationLine line) {
        APIGatewayV2CustomAuthorizerEvent.RequestContext context = event.getRequestContext();
        line.correlate("apiRequestId", context == null ? null : context.getRequestId()).correlate("route", event.getRouteKey())
                .with("routeArn", event.getRouteArn());
        try {
            SimpleIAMPolicyResponse decision = authorize(event);
            line.with("authorized", decision.getIsAuthorized());
            return decision;
        } catch (RuntimeException undecided) {
            line.with("authorized", false);
            throw undecided;
        }
    }

    @Override
    protected final SimpleIAMPolicyResponse unreadable(UnreadableEvent error, InvocationLine line) {
        line.with("authorized", false).failed(error);
        return deny();
    }
}
