package dev.polystack.local.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * What one invocation of a function gave back, as the Lambda Invoke API reports it: the payload,
 * and for a failure the error type ({@code X-Amz-Function-Error}); plus the REPORT line's figures.
 *
 * @param errorType null when the function answered; else, for example, the exception's class,
 *                  {@code Sandbox.Timedout} or {@code Runtime.ExitError}
 */
public record Invocation(String requestId, byte[] payload, String errorType, Report report) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Invocation success(String requestId, byte[] payload, Report report) {
        return new Invocation(requestId, payload, null, report);
    }

    public static Invocation failure(String requestId, String errorType, String message, Report report) {
        try {
            return new Invocation(
                    requestId,
                    JSON.writeValueAsBytes(Map.of("errorType", errorType, "errorMessage", message)),
                    errorType,
                    report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean failed() {
        return errorType != null;
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The figures of Lambda's REPORT line; {@code initMillis} is there for a cold start only. */
    public record Report(double durationMillis, int memoryMb, Long maxMemoryUsedMb, Double initMillis) {
        public String line(String requestId) {
            StringBuilder line = new StringBuilder(String.format(
                    java.util.Locale.ROOT,
                    "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB\tMax Memory Used: %s MB",
                    requestId,
                    durationMillis,
                    (long) Math.ceil(durationMillis),
                    memoryMb,
                    maxMemoryUsedMb == null ? "?" : maxMemoryUsedMb.toString()));
            Optional.ofNullable(initMillis)
                    .ifPresent(init ->
                            line.append(String.format(java.util.Locale.ROOT, "\tInit Duration: %.2f ms", init)));
            return line.toString();
        }
    }
}
