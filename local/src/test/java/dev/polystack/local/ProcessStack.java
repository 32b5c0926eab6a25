package dev.polystack.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A local stack of its own for a suite that runs every function as a process, with DynamoDB behind a
 * {@link StallingProxy} so that the suite can hold, fail or time out the functions' store calls.
 */
public final class ProcessStack implements AutoCloseable {
    public final LocalBackend backend;
    public final StallingProxy dynamo;
    public final StackClient api;

    private ProcessStack(LocalBackend backend, StallingProxy dynamo) {
        this.backend = backend;
        this.dynamo = dynamo;
        this.api = new StackClient(backend.gatewayEndpoint());
    }

    /**
     * @param template  null for the project's template.yaml
     * @param relay     how often the relay's schedule fires; null: never
     * @param variables what the suite adds to every function's environment
     */
    public static ProcessStack start(String suite, Path template, Duration relay, Map<String, String> variables) throws Exception {
        StallingProxy dynamo = new StallingProxy();
        Map<String, String> all = new HashMap<>(variables);
        all.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString());
        StackOptions options = StackOptions.forTests()
                .withFunctions(StackOptions.FunctionMode.PROCESS, template, FunctionLogs.file(suite))
                .withFunctionVariables(all);
        try {
            LocalBackend backend = LocalBackend.start(relay == null ? options : options.withRelayEvery(relay));
            dynamo.target(backend.endpoints().get("DynamoDB"));
            return new ProcessStack(backend, dynamo);
        } catch (RuntimeException e) {
            dynamo.close();
            throw e;
        }
    }

    /** PUTs the bytes to a presigned upload answer ({@code url} and {@code headers}, as the API gives them): the status. */
    public static int putUpload(JsonNode upload, byte[] bytes) {
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.get("url").asText())).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        upload.get("headers").fields().forEachRemaining(h -> {
            if (!h.getKey().equalsIgnoreCase("content-length")) {
                put.header(h.getKey(), h.getValue().asText());
            }
        });
        return StackClient.send(put).statusCode();
    }

    @Override
    public void close() {
        backend.close();
        dynamo.close();
    }
}
