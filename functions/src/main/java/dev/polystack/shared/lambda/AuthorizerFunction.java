package dev.polystack.shared.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import dev.polystack.shared.Entropy;
import dev.polystack.shared.InvocationLine;
import java.util.HexFormat;
import java.util.Map;

/**
 * An HTTP API Lambda authorizer (payload 2.0, simple responses): the request in, allow with a context
 * for the route's function, or deny. Its log line carries the gateway's request id and route, the same
 * as the route function's line. An unreadable event is denied; a failure to decide (the session store
 * is down) fails the invocation, which API Gateway answers with a 500 rather than a misleading 403.
 */
public abstract class AuthorizerFunction
        extends LambdaFunction<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> {

    protected AuthorizerFunction() {
        super("authorizer", APIGatewayV2CustomAuthorizerEvent.class, ApiGatewayJson.AUTHORIZER);
    }

    protected abstract SimpleIAMPolicyResponse authorize(APIGatewayV2CustomAuthorizerEvent request);

    /** A request with a well-formed token no session has: the same read as a real request, then a denial. */
    @Override
    protected final String primingEvent() {
        String token = "Bearer " + HexFormat.of().formatHex(Entropy.bytes(32));
        return """
                {"version":"2.0","type":"REQUEST","routeArn":"arn:aws:execute-api:us-east-1:000000000000:priming/$default/GET/priming",
                 "identitySource":["%1$s"],"routeKey":"GET /priming","rawPath":"/priming","rawQueryString":"",
                 "headers":{"authorization":"%1$s"},
                 "requestContext":{"accountId":"000000000000","apiId":"priming","http":{"method":"GET","path":"/priming",
                   "protocol":"HTTP/1.1","sourceIp":"192.0.2.1","userAgent":"snapstart-priming"},"requestId":"priming",
                   "routeKey":"GET /priming","stage":"$default","timeEpoch":0}}
                """.formatted(token);
    }

    @Override
    protected final boolean processesPrimingEvent() {
        return true;
    }

    protected static SimpleIAMPolicyResponse allow(Map<String, String> context) {
        return new SimpleIAMPolicyResponse(true, Map.copyOf(context));
    }

    protected static SimpleIAMPolicyResponse deny() {
        return new SimpleIAMPolicyResponse(false, Map.of());
    }

    @Override
    protected final SimpleIAMPolicyResponse process(APIGatewayV2CustomAuthorizerEvent event, InvocationLine line) {
        APIGatewayV2CustomAuthorizerEvent.RequestContext context = event.getRequestContext();
        line.correlate("apiRequestId", context == null ? null : context.getRequestId())
                .correlate("route", event.getRouteKey())
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
