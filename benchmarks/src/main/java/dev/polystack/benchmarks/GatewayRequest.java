package dev.polystack.benchmarks;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

/** A request to the local gateway as a client program sends it: JSON body, bearer token, extra headers. */
public final class GatewayRequest {
    private GatewayRequest() {}

    /** {@code json} and {@code bearerToken} may be null (no body, no Authorization header). */
    public static HttpRequest of(
            URI gateway, String method, String path, String bearerToken, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        headers.forEach(request::header);
        return request.build();
    }
}
