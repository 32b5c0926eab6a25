package dev.polystack.upload.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.app.AppContext;
import dev.polystack.http.Json;
import dev.polystack.shared.InvocationLog;
import dev.polystack.upload.UploadService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Invoked by S3's {@code ObjectCreated} notification: verifies each finished upload against its record. */
public final class UploadCompletedHandler implements RequestStreamHandler {
    private final UploadService uploads;

    public UploadCompletedHandler() {
        this(AppContext.get().uploads());
    }

    public UploadCompletedHandler(UploadService uploads) {
        this.uploads = uploads;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long started = System.nanoTime();
        InvocationLog.begin();
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
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", failure == null ? "INFO" : "ERROR");
        line.put("requestId", context == null ? null : context.getAwsRequestId());
        line.put("trigger", "s3:ObjectCreated");
        line.put("results", results);
        line.put("latencyMs", (System.nanoTime() - started) / 1_000_000);
        line.put("storeCalls", InvocationLog.end().size());
        if (failure != null) {
            line.put("error", failure.getClass().getName() + ": " + failure.getMessage());
        }
        InvocationLog.write(String.valueOf(line.get("level")), line);
        if (failure != null) {
            throw failure;
        }
        Json.EVENTS.writeValue(output, Map.of("results", results));
    }
}
