package dev.polystack.app;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * One HTTP API route: the method and path template API Gateway matches, the function that serves
 * it, and whether the Lambda authorizer guards it. The path {@code $default} is API Gateway's
 * catch-all route.
 */
public record Route(String method, String path, String function, Class<? extends RequestStreamHandler> handler, boolean authorized) {
    public static final String DEFAULT_PATH = "$default";

    public String routeKey() {
        return isDefault() ? DEFAULT_PATH : method + " " + path;
    }

    public boolean isDefault() {
        return DEFAULT_PATH.equals(path);
    }

    /** Whether a concrete request path fits this route's template ({@code {name}} matches one segment). */
    public boolean matchesPath(String requestPath) {
        String[] template = segments(path);
        String[] actual = segments(requestPath);
        if (template.length != actual.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            boolean variable = template[i].startsWith("{") && template[i].endsWith("}");
            if (variable ? actual[i].isEmpty() : !template[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
