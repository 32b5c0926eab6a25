package dev.polystack.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.shared.DomainException;
import dev.polystack.shared.InvocationLine;
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
        super(null, APIGatewayV2HTTPEvent.class, APIGatewayV2HTTPResponse.class);
    }

    protected abstract APIGatewayV2HTTPResponse handle(ApiRequest request);

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
