package dev.polystack.upload.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.app.AppContext;
import dev.polystack.http.Json;
import dev.polystack.shared.InvocationLine;
import dev.polystack.upload.UploadService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Invoked by S3's {@code ObjectCreated} notification: verifies each finished upload against its record. */
public final class UploadCompletedHandler implements RequestStreamHandler {
    private final UploadService uploads;

    public UploadCompletedHandler() {
        this(AppContext.fromEnvironment().uploads());
    }

    public UploadCompletedHandler(UploadService uploads) {
        this.uploads = uploads;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        InvocationLine line = InvocationLine.start(context == null ? null : context.getAwsRequestId()).with("trigger", "s3:ObjectCreated");
        JsonNode event = Json.EVENTS.readTree(input);
        List<Map<String, String>> results = new ArrayList<>();
        RuntimeException failure = null;
        for (JsonNode record : event.path("Records")) {
            // S3 URL-encodes keys in notifications, with '+' for spaces.
            String key = URLDecoder.decode(record.path("s3").path("object").path("key").asText(""), StandardCharsets.UTF_8);
            try {
                results.add(Map.of("key", key, "outcome", uploads.complete(key).name()));
            } catch (RuntimeException e) {
                // Let the event be retried (Lambda retries asynchronous invocations); the others are done already.
                failure = e;
                results.add(Map.of("key", key, "outcome", "FAILED"));
            }
        }
        line.with("results", results);
        if (failure != null) {
            line.failed(failure).write();
            throw failure;
        }
        line.write();
        Json.EVENTS.writeValue(output, Map.of("results", results));
    }
}
