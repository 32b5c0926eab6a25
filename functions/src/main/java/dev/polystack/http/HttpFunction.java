package dev.polystack.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.shared.DomainException;
import dev.polystack.shared.InvocationLine;
import dev.polystack.shared.Priming;
import dev.polystack.shared.Role;
import dev.polystack.shared.lambda.ApiGatewayJson;
import dev.polystack.shared.lambda.LambdaFunction;
import dev.polystack.shared.lambda.UnreadableEvent;

/**
 * Entry point shared by every HTTP route: reads the payload 2.0 event, runs {@link #handle}, maps a
 * {@link DomainException} to its status and {@code {"error":{…}}} body, turns anything else into a
 * logged 500 and an unreadable event into a 400, so a route always answers. Its log line carries API
 * Gateway's request id (as the access log does) and the route key, then the status.
 */
public abstract class HttpFunction extends LambdaFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    protected HttpFunction() {
        super(null, APIGatewayV2HTTPEvent.class, ApiGatewayJson.HTTP);
        if (Priming.enabled()) {
            // Request bodies and answers go through Json, which registers its primer when first used. A priming
            // request is refused before any body is read, and a refusal is written without Json: load it here.
            Json.load();
        }
    }

    protected abstract APIGatewayV2HTTPResponse handle(ApiRequest request);

    /** The caller a priming request names when {@link #primesAsCaller()}: a user id no account has. */
    protected static final String PRIMING_CALLER = "00000000-0000-4000-8000-000000000000";

    /**
     * Whether the priming request before a SnapStart snapshot carries a signed-in caller (one that does
     * not exist). Only for routes that read: their use case then runs to its store reads and answers 404
     * or an empty page. Every other route is primed unauthenticated, which no route answers with a write.
     */
    protected boolean primesAsCaller() {
        return false;
    }

    /**
     * Whether that caller is an administrator (implies {@link #primesAsCaller()}): for the administrators' write
     * routes, whose {@link #primingBody()} is then refused by their own validation, after the role check, the body
     * mapping and the domain checks have run, and before any store is called.
     */
    protected boolean primesAsAdmin() {
        return false;
    }

    /**
     * The priming request's JSON body, or null for none: one that this route's use case takes to its
     * store and the store refuses (an unknown product, …), so nothing is written.
     */
    protected String primingBody() {
        return null;
    }

    /**
     * The caller id the priming request names when {@link #primesAsCaller()}: {@link #PRIMING_CALLER} unless the
     * route's use case must stop at its check of the caller id itself (a route with no other check before it writes).
     */
    protected String primingCaller() {
        return PRIMING_CALLER;
    }

    /** A payload 2.0 GET with no body, ids no item has and, if {@link #primesAsCaller()}, a caller that does not exist. */
    @Override
    protected final String primingEvent() {
        String roles = primesAsAdmin() ? ",\"roles\":\"" + Role.ADMIN.wireName() + "\"" : "";
        String authorizer = primesAsCaller() || primesAsAdmin()
                ? ",\"authorizer\":{\"lambda\":{\"userId\":\"" + primingCaller() + "\"" + roles + "}}"
                : "";
        String body = primingBody() == null
                ? ""
                : ",\"body\":\"" + primingBody().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return """
                {"version":"2.0","routeKey":"GET /priming","rawPath":"/priming","rawQueryString":"",
                 "headers":{"accept":"application/json","content-type":"application/json","user-agent":"snapstart-priming",
                   "idempotency-key":"snapstart-priming-0000000000000000"},
                 "requestContext":{"accountId":"000000000000","apiId":"priming","http":{"method":"GET","path":"/priming",
                   "protocol":"HTTP/1.1","sourceIp":"192.0.2.1","userAgent":"snapstart-priming"},
                   "requestId":"priming","routeKey":"GET /priming","stage":"$default","timeEpoch":0%s},
                 "pathParameters":{"productId":"%2$s","orderId":"%2$s","uploadId":"%2$s","userId":"%2$s"},
                 "isBase64Encoded":false%3$s}
                """.formatted(authorizer, PRIMING_CALLER, body);
    }

    @Override
    protected final boolean processesPrimingEvent() {
        return true;
    }

    @Override
    protected final APIGatewayV2HTTPResponse process(APIGatewayV2HTTPEvent event, InvocationLine line) {
        ApiRequest request = new ApiRequest(event);
        line.correlate("apiRequestId", request.apiRequestId()).correlate("route", request.routeKey());
        APIGatewayV2HTTPResponse response;
        try {
            response = handle(request);
        } catch (DomainException e) {
            response = ErrorMapping.toResponse(e);
        } catch (RuntimeException e) {
            line.failed(e);
            response = HttpResponses.error(500, "INTERNAL_ERROR", "an unexpected error occurred");
        }
        line.with("status", response.getStatusCode());
        return response;
    }

    @Override
    protected final APIGatewayV2HTTPResponse unreadable(UnreadableEvent error, InvocationLine line) {
        line.with("status", 400);
        return HttpResponses.error(400, "MALFORMED_EVENT", "the event is not an HTTP API payload 2.0 event");
    }
}
