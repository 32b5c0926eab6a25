package dev.polystack.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The API Gateway HTTP API event, payload format 2.0: only the fields this backend reads. The same
 * shape comes from API Gateway, {@code sam local}, and the local gateway in {@code local/}.
 */
public record HttpApiEvent(
        String version,
        String routeKey,
        String rawPath,
        String rawQueryString,
        List<String> cookies,
        Map<String, String> headers,
        Map<String, String> queryStringParameters,
        Map<String, String> pathParameters,
        RequestContext requestContext,
        String body,
        @JsonProperty("isBase64Encoded") boolean isBase64Encoded) {

    public record RequestContext(
            String requestId,
            String routeKey,
            String stage,
            Long timeEpoch,
            Http http,
            Authorizer authorizer) {
    }

    public record Http(String method, String path, String protocol, String sourceIp, String userAgent) {
    }

    /** Set by a Lambda authorizer with simple responses: its {@code context} arrives under {@code lambda}. */
    public record Authorizer(Map<String, Object> lambda) {
    }
}
