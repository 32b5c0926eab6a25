package dev.polystack.app;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP API route: the method and path template API Gateway matches, the function that serves
 * it, and whether the Lambda authorizer guards it. The path {@code $default} is API Gateway's
 * catch-all route.
 */
public record Route(
        String method,
        String path,
        String function,
        Class<? extends RequestStreamHandler> handler,
        boolean authorized) {
    public static final String DEFAULT_PATH = "$default";

    public String routeKey() {
        return isDefault() ? DEFAULT_PATH : method + " " + path;
    }

    public boolean isDefault() {
        return DEFAULT_PATH.equals(path);
    }

    /** Whether a concrete request path fits this route's template ({@code {name}} matches one segment). */
    public boolean matchesPath(String requestPath) {
        return bind(requestPath).isPresent();
    }

    /** The path parameters (URL-decoded) when {@code requestPath} fits this route's template. */
    public Optional<Map<String, String>> bind(String requestPath) {
        String[] template = segments(path);
        String[] actual = segments(requestPath);
        if (template.length != actual.length) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String part = template[i];
            if (part.startsWith("{") && part.endsWith("}")) {
                if (actual[i].isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(
                        part.substring(1, part.length() - 1), URLDecoder.decode(actual[i], StandardCharsets.UTF_8));
            } else if (!part.equals(actual[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    /** How specific the template is: API Gateway prefers the route with more literal segments. */
    public int literalSegments() {
        int count = 0;
        for (String part : segments(path)) {
            if (!part.startsWith("{")) {
                count++;
            }
        }
        return count;
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
