package dev.polystack.catalog.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpResponses;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What makes the public catalogue's answers cacheable by browsers and an edge cache: a short
 * {@code Cache-Control} (a change shows within {@link #MAX_AGE_SECONDS}; a stale copy may be served for
 * {@link #STALE_WHILE_REVALIDATE_SECONDS} more while one request refreshes it, RFC 5861) and a strong
 * {@code ETag} over the exact body, answered with 304 and no body when {@code If-None-Match} names it
 * (RFC 9110 §13.1.2: weak comparison, so {@code W/"…"} matches too, and {@code *} matches any).
 * Only 200s are marked: errors are never cached.
 */
public final class CatalogCaching {
    public static final int MAX_AGE_SECONDS = 5;
    public static final int STALE_WHILE_REVALIDATE_SECONDS = 30;
    public static final String CACHE_CONTROL =
            "public, max-age=" + MAX_AGE_SECONDS + ", stale-while-revalidate=" + STALE_WHILE_REVALIDATE_SECONDS;

    private CatalogCaching() {}

    public static APIGatewayV2HTTPResponse cacheable(ApiRequest request, APIGatewayV2HTTPResponse response) {
        if (response.getStatusCode() != 200 || response.getBody() == null) {
            return response;
        }
        String etag = etag(response.getBody());
        if (request.header("if-none-match")
                .map(candidates -> names(candidates, etag))
                .orElse(false)) {
            Map<String, String> headers =
                    new LinkedHashMap<>(response.getHeaders() == null ? Map.of() : response.getHeaders());
            headers.remove("content-type");
            headers.put("etag", etag);
            headers.put("cache-control", CACHE_CONTROL);
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(304)
                    .withHeaders(Map.copyOf(headers))
                    .withIsBase64Encoded(false)
                    .build();
        }
        return HttpResponses.withHeader(
                "cache-control", CACHE_CONTROL, HttpResponses.withHeader("etag", etag, response));
    }

    static String etag(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether an {@code If-None-Match} value (a list of entity tags, or *) names this one. */
    static boolean names(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
