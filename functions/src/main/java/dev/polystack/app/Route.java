package dev.polystack.app;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * One HTTP API route: the method and path template API Gateway matches, the function that serves
 * it, and whether the Lambda authorizer guards it.
 */
public record Route(String method, String path, String function, Class<? extends RequestStreamHandler> handler, boolean authorized) {

    public String routeKey() {
        return method + " " + path;
    }
}
