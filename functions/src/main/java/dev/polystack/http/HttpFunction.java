package dev.polystack.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.polystack.shared.DomainException;
import dev.polystack.shared.InvocationLog;
import dev.polystack.shared.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        long started = System.nanoTime();
        InvocationLog.begin();
        ApiRequest request = null;
        HttpResponse response;
        Throwable failure = null;
        try {
            request = new ApiRequest(Json.EVENTS.readValue(input, HttpApiEvent.class));
            response = handle(request);
        } catch (DomainException e) {
            response = ErrorMapping.toResponse(e);
        } catch (IOException e) {
            response = HttpResponse.error(400, "MALFORMED_EVENT", "the event is not an HTTP API payload 2.0 event");
        } catch (RuntimeException e) {
            failure = e;
            response = HttpResponse.error(500, "INTERNAL_ERROR", "an unexpected error occurred");
        }
        Json.EVENTS.writeValue(output, response);
        writeLogLine(context, request, response, started, failure);
    }

    private void writeLogLine(Context context, ApiRequest request, HttpResponse response, long started, Throwable failure) {
        List<InvocationLog.StoreCall> calls = InvocationLog.end();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", failure == null ? "INFO" : "ERROR");
        line.put("requestId", context == null ? null : context.getAwsRequestId());
        line.put("route", request == null ? null : request.routeKey());
        line.put("status", response.statusCode());
        line.put("latencyMs", (System.nanoTime() - started) / 1_000_000);
        line.put("storeCalls", calls.stream().map(HttpFunction::describe).toList());
        long dataApiErrors = calls.stream().filter(c -> "RdsData".equals(c.service()) && c.error() != null).count();
        if (dataApiErrors > 0) {
            line.put(Metrics.DATA_API_ERRORS, dataApiErrors);
            Metrics.declare(line, Map.of(Metrics.DATA_API_ERRORS, "Count"));
        }
        if (failure != null) {
            line.put("error", failure.getClass().getName() + ": " + failure.getMessage());
            Throwable cause = failure.getCause();
            if (cause != null) {
                line.put("cause", cause.getClass().getName() + ": " + cause.getMessage());
            }
        }
        InvocationLog.write(failure == null ? "INFO" : "ERROR", line);
    }

    static Map<String, Object> describe(InvocationLog.StoreCall call) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("service", call.service());
        fields.put("operation", call.operation());
        fields.put("latencyMs", call.latencyMs());
        if (call.error() != null) {
            fields.put("error", call.error());
        }
        return fields;
    }
}
