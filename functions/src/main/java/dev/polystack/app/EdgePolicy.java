package dev.polystack.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The API's one edge-cache definition: the CDK stack's CloudFront distribution, {@code template.yaml}'s
 * edge block and the local edge cache all cache exactly this. Only the public catalogue is cached, and
 * only its GET and HEAD answers; the cache key is the path, the query parameters that change the
 * answer ({@code ListProductsHandler} reads these six) and {@code Origin}, never a cookie or
 * {@code Authorization}, so a bearer token can never select (or leak) a cached answer. {@code Origin} is
 * there because API Gateway adds the CORS headers only to a request that has one: a copy cached for a
 * script would otherwise be served to browsers, which could not read it
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/header-caching.html#header-caching-web-cors).
 * Every other path goes through the edge uncached.
 *
 * <p>How long: the origin's {@code Cache-Control} (CatalogCaching: {@code max-age=5,
 * stale-while-revalidate=30}) within {@link #minTtlSeconds}..{@link #maxTtlSeconds}; an answer without it
 * (an error) is kept {@link #defaultTtlSeconds}, that is not at all, and {@link #ERROR_CODES} get
 * {@code ErrorCachingMinTTL} 0 for the same reason (CloudFront would otherwise keep an error 10 s:
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/HTTPStatusCodes.html).
 */
public record EdgePolicy(
        List<String> pathPatterns,
        List<String> cachedMethods,
        List<String> queryParametersInKey,
        List<String> headersInKey,
        List<String> cookiesInKey,
        int minTtlSeconds,
        int defaultTtlSeconds,
        int maxTtlSeconds) {

    /**
     * The header that tells the API whose request CloudFront passes on: {@link #VIEWER_ADDRESS_FUNCTION} sets it on
     * every viewer request to the viewer's IP address, replacing any copy the viewer sent. Not CloudFront's own
     * {@code CloudFront-Viewer-Address}: an origin request policy can add that one only by naming headers, and a
     * policy that names headers cannot pass {@code Authorization} on
     * (https://repost.aws/knowledge-center/cloudfront-authorization-header), which every guarded route needs; the
     * managed AllViewerExceptHostHeader policy passes every viewer header but Host, this one included.
     */
    public static final String VIEWER_ADDRESS_HEADER = "x-polystack-viewer-address";

    /**
     * The CloudFront Function (viewer request, {@code cloudfront-js-2.0}) on every behaviour of the API's
     * distribution: {@code event.viewer.ip} is the address of the viewer that sent the request
     * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html), as in
     * AWS's True-Client-IP example
     * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/example-function-add-true-client-ip-header.html).
     * It also drops a viewer's own {@link #ORIGIN_SECRET_HEADER}, so the API never sees a viewer's value beside the
     * distribution's, whatever CloudFront does with a custom origin header the viewer also sent. CDK deploys this
     * text; template.yaml holds the same (EdgeTemplateTest compares them).
     */
    public static final String VIEWER_ADDRESS_FUNCTION = """
            async function handler(event) {
                var request = event.request;
                request.headers['x-polystack-viewer-address'] = { value: event.viewer.ip };
                delete request.headers['x-polystack-edge-secret'];
                return request;
            }
            """;

    /**
     * The origin custom header the distribution adds to every request it sends to the API, with the stack's
     * generated secret as its value: the functions believe {@link #VIEWER_ADDRESS_HEADER} only beside it, because the
     * API's own endpoint takes requests from anyone, who can send any header
     * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/add-origin-custom-headers.html).
     */
    public static final String ORIGIN_SECRET_HEADER = "x-polystack-edge-secret";

    /** The functions' environment variable that holds the same secret (unset: no request is believed to come through the edge). */
    public static final String ORIGIN_SECRET_VARIABLE = "EDGE_ORIGIN_SECRET";

    /** The status codes CloudFront lets a distribution set error caching for (all of them): none is cached. */
    public static final List<Integer> ERROR_CODES = List.of(400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504);

    /** The catalogue: {@code GET /products} (every query form) and {@code GET /products/{productId}}. */
    public static final EdgePolicy DEFAULT = new EdgePolicy(
            List.of("/products", "/products/*"),
            List.of("GET", "HEAD"),
            List.of("cursor", "inStock", "limit", "maxPriceCents", "minPriceCents", "q"),
            List.of("origin"),
            List.of(),
            0,
            0,
            60);

    public EdgePolicy {
        pathPatterns = List.copyOf(pathPatterns);
        cachedMethods = List.copyOf(cachedMethods);
        queryParametersInKey = List.copyOf(queryParametersInKey);
        headersInKey = headersInKey.stream()
                .map(name -> name.toLowerCase(java.util.Locale.ROOT))
                .toList();
        cookiesInKey = List.copyOf(cookiesInKey);
        if (minTtlSeconds < 0 || minTtlSeconds > defaultTtlSeconds || defaultTtlSeconds > maxTtlSeconds) {
            throw new IllegalArgumentException("TTLs must satisfy 0 <= min <= default <= max");
        }
    }

    /** Whether the edge may answer this request from its cache (CloudFront's path-pattern rules: * is any run of characters). */
    public boolean caches(String method, String path) {
        return cachedMethods.contains(method) && pathPatterns.stream().anyMatch(pattern -> matches(pattern, path));
    }

    /**
     * The cache key of a cached request: the path, the key's query parameters that are present, by name and
     * in their given order (CloudFront's key is insensitive to the order a client writes them in), and the
     * key's headers ({@code header} looks one up by its lower-case name).
     */
    public String cacheKey(
            String path, Map<String, List<String>> query, java.util.function.Function<String, String> header) {
        StringJoiner key = new StringJoiner("&", path + "?", "");
        Map<String, List<String>> sorted = new TreeMap<>(query);
        for (Map.Entry<String, List<String>> parameter : sorted.entrySet()) {
            if (queryParametersInKey.contains(parameter.getKey())) {
                for (String value : parameter.getValue()) {
                    key.add(parameter.getKey() + "=" + value);
                }
            }
        }
        StringJoiner headers = new StringJoiner("\n", "\n", "");
        for (String name : headersInKey) {
            String value = header.apply(name);
            headers.add(name + ":" + (value == null ? "" : value));
        }
        return key + headers.toString();
    }

    /** A CloudFront path pattern ({@code *} any characters, {@code ?} one) matched against a whole path, case-sensitively. */
    static boolean matches(String pattern, String path) {
        return path.matches(globToRegex(pattern));
    }

    private static String globToRegex(String pattern) {
        List<String> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                parts.add(java.util.regex.Pattern.quote(literal.toString()));
                literal.setLength(0);
                parts.add(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        parts.add(java.util.regex.Pattern.quote(literal.toString()));
        return String.join("", parts);
    }
}
