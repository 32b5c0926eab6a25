package dev.polystack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;

/** Feeds sample events from {@code events/} to handlers, as the Lambda runtime would. */
public final class Lambda {
    public static final ObjectMapper JSON = new ObjectMapper();

    private Lambda() {}

    public static Path eventsDir() {
        return Path.of(System.getProperty("user.dir")).getParent().resolve("events");
    }

    public static ObjectNode event(String fileName) {
        try {
            return (ObjectNode) JSON.readTree(Files.readAllBytes(eventsDir().resolve(fileName)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode invoke(RequestStreamHandler handler, JsonNode event) {
        return invoke(handler, event, null);
    }

    /** As Lambda invokes: with a context whose request id is {@code requestId} (its other getters answer null or 0). */
    public static JsonNode invoke(RequestStreamHandler handler, JsonNode event, String requestId) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(
                    new ByteArrayInputStream(JSON.writeValueAsBytes(event)),
                    out,
                    requestId == null ? null : context(requestId));
            return JSON.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Context context(String requestId) {
        return (Context) Proxy.newProxyInstance(
                Context.class.getClassLoader(), new Class<?>[] {Context.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getAwsRequestId")) {
                        return requestId;
                    }
                    Class<?> type = method.getReturnType();
                    return type == int.class ? 0 : type == long.class ? 0L : null;
                });
    }

    /** The response's JSON body. */
    public static JsonNode body(JsonNode response) {
        try {
            return JSON.readTree(response.get("body").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
