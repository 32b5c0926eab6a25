package dev.polystack.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystack.local.lambda.FunctionVariables;
import dev.polystack.local.lambda.SamTemplate;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * {@code local/invoke <Function> -e events/<file>.json}, the counterpart of {@code sam local invoke}:
 * a client of the running {@code local/start}'s Lambda Invoke API (what {@code aws lambda invoke
 * --log-type Tail} does), or of a stack of its own when none runs. The response goes to standard
 * output; the invocation's log (its lines and the REPORT line) to standard error.
 */
public final class Invoke {
    /** Where {@code local/start} leaves what a function needs to reach it, while it runs. */
    static final Path RUNNING_STACK = Path.of("local", "target", "running-stack.json");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Invoke() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The exit status: 0 when the function answered, 1 when it failed, 2 for a usage error. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String function = null;
        Path event = null;
        Path stackFile = RUNNING_STACK;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-e", "--event" -> event = i + 1 < args.length ? Path.of(args[++i]) : null;
                case "--stack" -> stackFile = i + 1 < args.length ? Path.of(args[++i]) : null;
                default -> function = args[i].startsWith("-") ? null : args[i];
            }
        }
        if (function == null || event == null || stackFile == null) {
            err.println(
                    "usage: local/invoke <Function> -e events/<file>.json   (functions: the logical ids of template.yaml without 'Function')");
            return 2;
        }
        byte[] payload;
        try {
            payload = Files.readAllBytes(event);
        } catch (IOException e) {
            err.println("polystack: cannot read the event " + event + ": " + e.getMessage());
            return 2;
        }
        SamTemplate template = SamTemplate.read(SamTemplate.locate());
        if (!template.functions().containsKey(function)) {
            err.println("polystack: no function " + function + " in template.yaml; functions: "
                    + String.join(", ", template.functions().keySet()));
            return 2;
        }
        if (Files.isRegularFile(stackFile)) {
            String endpoint = FunctionVariables.read(stackFile).wiring().get("AWS_ENDPOINT_URL_LAMBDA");
            if (endpoint == null) {
                err.println("polystack: " + stackFile + " names no Lambda Invoke API: restart local/start");
                return 2;
            }
            return invoke(URI.create(endpoint), function, payload, out, err);
        }
        err.println("polystack: no local/start running; starting a stack of its own…");
        try (LocalBackend ownStack = LocalBackend.start(
                StackOptions.forTests().withFunctions(StackOptions.FunctionMode.PROCESS, null, line -> {}))) {
            return invoke(ownStack.lambdaEndpoint(), function, payload, out, err);
        }
    }

    /** One synchronous Invoke with {@code X-Amz-Log-Type: Tail}. */
    static int invoke(URI lambda, String function, byte[] payload, PrintStream out, PrintStream err) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(lambda + "/2015-03-31/functions/"
                        + URLEncoder.encode(function, StandardCharsets.UTF_8) + "/invocations"))
                .header("X-Amz-Invocation-Type", "RequestResponse")
                .header("X-Amz-Log-Type", "Tail")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            err.println("polystack: the Lambda Invoke API at " + lambda + " did not answer (" + e.getMessage()
                    + "): is local/start still running?");
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() != 200) {
            err.println("polystack: "
                    + response.headers().firstValue("x-amzn-ErrorType").orElse("HTTP " + response.statusCode()) + ": "
                    + message(body));
            return 2;
        }
        response.headers().firstValue("X-Amz-Log-Result").ifPresent(log -> {
            for (String line : new String(Base64.getDecoder().decode(log), StandardCharsets.UTF_8).split("\n")) {
                err.println("[" + function + "] " + line);
            }
        });
        out.println(body);
        return response.headers().firstValue("X-Amz-Function-Error").isPresent() ? 1 : 0;
    }

    private static String message(String body) {
        try {
            JsonNode error = JSON.readTree(body);
            return error.has("Message")
                    ? error.get("Message").asText()
                    : error.path("message").asText(body);
        } catch (IOException e) {
            return body;
        }
    }
}
