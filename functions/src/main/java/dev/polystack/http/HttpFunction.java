package dev.polystack.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.polystack.shared.DomainException;
import dev.polystack.shared.InvocationLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Entry point shared by every HTTP route: decodes the payload 2.0 event, runs {@link #handle}, maps a
 * {@link DomainException} to its status and {@code {"error":{…}}} body, turns anything else into a
 * logged 500, and writes one structured log line per invocation.
 *
 * <p>Stream handlers rather than the events library's POJOs: the same Jackson records read the events
 * from API Gateway, from {@code events/} in tests and from the local gateway.
 */
public abstract class HttpFunction implements RequestStreamHandler {

    protected abstract HttpResponse handle(ApiRequest request);

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        InvocationLine line = InvocationLine.start(context == null ? null : context.getAwsRequestId());
        ApiRequest request = null;
        HttpResponse response;
        try {
            request = new ApiRequest(Json.EVENTS.readValue(input, HttpApiEvent.class));
            response = handle(request);
        } catch (DomainException e) {
            response = ErrorMapping.toResponse(e);
        } catch (IOException e) {
            response = HttpResponse.error(400, "MALFORMED_EVENT", "the event is not an HTTP API payload 2.0 event");
        } catch (RuntimeException e) {
            line.failed(e);
            response = HttpResponse.error(500, "INTERNAL_ERROR", "an unexpected error occurred");
        }
        Json.EVENTS.writeValue(output, response);
        line.with("route", request == null ? null : request.routeKey()).with("status", response.statusCode()).write();
    }
}
