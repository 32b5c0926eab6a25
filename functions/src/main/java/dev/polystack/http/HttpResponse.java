package dev.polystack.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The HTTP API (payload 2.0) response a handler returns. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HttpResponse(
        int statusCode,
        Map<String, String> headers,
        String body,
        @JsonProperty("isBase64Encoded") boolean isBase64Encoded) {

    private static final Map<String, String> JSON_HEADERS = Map.of("content-type", "application/json");

    public static HttpResponse json(int status, Object body) {
        try {
            return new HttpResponse(status, JSON_HEADERS, Json.STRICT.writeValueAsString(body), false);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response body is not serialisable", e);
        }
    }

    public static HttpResponse noContent() {
        return new HttpResponse(204, Map.of(), null, false);
    }

    public static HttpResponse error(int status, String code, String message) {
        return json(status, new ErrorBody(new ErrorBody.Error(code, message)));
    }

    public HttpResponse withHeader(String name, String value) {
        Map<String, String> merged = new LinkedHashMap<>(headers == null ? Map.of() : headers);
        merged.put(name, value);
        return new HttpResponse(statusCode, Map.copyOf(merged), body, isBase64Encoded);
    }

    /** {@code {"error":{"code":"…","message":"…"}}}, the shape of every error this API returns. */
    public record ErrorBody(Error error) {
        public record Error(String code, String message) {
        }
    }
}
