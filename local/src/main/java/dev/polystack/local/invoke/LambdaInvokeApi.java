package dev.polystack.local.invoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.polystack.local.LoopbackServers;
import dev.polystack.local.StartupException;
import dev.polystack.local.Threads;
import dev.polystack.local.lambda.FunctionInvoker;
import dev.polystack.local.lambda.Invocation;
import dev.polystack.local.lambda.LambdaRuntime;
import dev.polystack.local.lambda.LambdaSettings;
import dev.polystack.local.lambda.SamTemplate;
import dev.polystack.local.lambda.ThrottledException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The Lambda Invoke API on a port of its own, as {@code sam local start-lambda} serves it: the AWS
 * SDK's {@code LambdaClient} and {@code aws lambda invoke} reach the template's functions through it
 * with {@code AWS_ENDPOINT_URL_LAMBDA}. It speaks the service's REST-JSON protocol
 * (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html): {@code POST
 * /2015-03-31/functions/{FunctionName}/invocations} with {@code X-Amz-Invocation-Type}
 * {@code RequestResponse} (200, the function's answer; a function error as {@code X-Amz-Function-Error:
 * Unhandled} and the runtime's error object), {@code Event} (202, run later with Lambda's retries) or
 * {@code DryRun} (204); {@code X-Amz-Log-Type: Tail} adds the last 4 KB of the invocation's log, base64,
 * in {@code X-Amz-Log-Result}. Errors carry {@code x-amzn-ErrorType} and a {@code {"Type","Message"}} body
 * as the service's own do.
 */
public final class LambdaInvokeApi implements AutoCloseable {
    static final String PATH = "/2015-03-31/functions/";
    /** Invoke's request payload quota for synchronous invocations (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). */
    static final int SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024;
    /** And for asynchronous ones, 1 MB since 2025 (same page). */
    static final int ASYNC_PAYLOAD_LIMIT = 1024 * 1024;
    /** {@code LogResult}: "the last 4 KB of the execution log" (API_Invoke). */
    static final int TAIL_BYTES = 4 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(Threads.daemon("lambda-invoke-api"));
    private volatile FunctionInvoker functions;
    private volatile FunctionNames names;
    private volatile AsyncInvocations async;

    private LambdaInvokeApi(HttpServer server) {
        this.server = server;
    }

    /**
     * Takes the port now, so its address can be given to functions before they exist; serves from
     * {@link #start}. {@link LambdaSettings#API_PORT_PLUS_ONE} is the gateway's port plus one, or any free
     * port when that one is taken; a port asked for by number must be free.
     */
    public static LambdaInvokeApi bind(int port, int gatewayPort) {
        if (port == LambdaSettings.API_PORT_PLUS_ONE) {
            if (gatewayPort > 0 && gatewayPort < 65535) {
                try {
                    return bind(gatewayPort + 1);
                } catch (StartupException taken) {
                    // any free one, and the banner says which
                }
            }
            return bind(0);
        }
        return bind(port);
    }

    private static LambdaInvokeApi bind(int port) {
        try {
            HttpServer server = LoopbackServers.create(port, 64);
            return new LambdaInvokeApi(server);
        } catch (BindException e) {
            throw new StartupException(
                    "port " + port + " for the Lambda Invoke API is taken: choose another with --lambda-port", e);
        } catch (IOException e) {
            throw new StartupException(
                    "the Lambda Invoke API cannot listen on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Serves the template's functions, retrying failed asynchronous invocations as Lambda does. */
    public LambdaInvokeApi start(
            FunctionInvoker invoker, SamTemplate template, Duration firstRetryDelay, Consumer<String> log) {
        this.functions = invoker;
        this.names = new FunctionNames(template);
        this.async = new AsyncInvocations(invoker, firstRetryDelay, log);
        server.setExecutor(threads);
        server.createContext("/", this::serve);
        server.start();
        return this;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestId = UUID.randomUUID().toString();
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            try {
                handle(exchange, requestId);
            } catch (ApiError error) {
                drain(exchange.getRequestBody());
                sendError(exchange, error);
            } catch (ThrottledException throttled) {
                drain(exchange.getRequestBody());
                exchange.getResponseHeaders().set("Retry-After", "1");
                sendError(exchange, ApiError.throttled(throttled));
            } catch (RuntimeException bug) {
                drain(exchange.getRequestBody());
                bug.printStackTrace();
                sendError(
                        exchange,
                        new ApiError(500, "ServiceException", "message", "the local Lambda service failed: " + bug));
            }
        }
    }

    private void handle(HttpExchange exchange, String requestId) throws IOException {
        String rawPath = exchange.getRequestURI().getRawPath();
        if (!rawPath.startsWith(PATH)
                || !rawPath.endsWith("/invocations")
                || !"POST".equals(exchange.getRequestMethod())) {
            throw new ApiError(
                    404,
                    "UnknownOperationException",
                    "message",
                    "only Invoke (POST " + PATH + "{FunctionName}/invocations) runs here");
        }
        String name = URLDecoder.decode(
                rawPath.substring(PATH.length(), rawPath.length() - "/invocations".length())
                        .replace("+", "%2B"),
                StandardCharsets.UTF_8);
        String qualifier = query(exchange, "Qualifier").orElse(null);
        String function = names.resolve(name, qualifier);
        String type = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"))
                .orElse("RequestResponse");
        int limit = switch (type) {
            case "RequestResponse", "DryRun" -> SYNC_PAYLOAD_LIMIT;
            case "Event" -> ASYNC_PAYLOAD_LIMIT;
            default ->
                throw new ApiError(
                        400,
                        "InvalidParameterValueException",
                        "message",
                        "X-Amz-Invocation-Type must be RequestResponse, Event or DryRun, not " + type);
        };
        byte[] payload = readUpTo(exchange.getRequestBody(), limit);
        validateJson(payload);
        switch (type) {
            case "DryRun" -> send(exchange, 204, null);
            case "Event" -> {
                async.submit(function, payload);
                send(exchange, 202, null);
            }
            default -> invoke(exchange, function, payload, requestId);
        }
    }

    private void invoke(HttpExchange exchange, String function, byte[] payload, String requestId) throws IOException {
        boolean tail = "Tail".equals(exchange.getRequestHeaders().getFirst("X-Amz-Log-Type"));
        Invocation invocation;
        TailLog log = new TailLog(TAIL_BYTES);
        if (tail && functions instanceof LambdaRuntime runtime) {
            invocation = runtime.invoke(function, payload, requestId, log::add);
        } else {
            invocation = functions.invoke(function, payload, requestId);
        }
        var headers = exchange.getResponseHeaders();
        headers.set("X-Amz-Executed-Version", "$LATEST");
        if (invocation.failed()) {
            headers.set("X-Amz-Function-Error", "Unhandled");
        }
        if (tail) {
            headers.set("X-Amz-Log-Result", Base64.getEncoder().encodeToString(log.bytes()));
        }
        send(exchange, 200, invocation.payload());
    }

    /** Lambda accepts only a JSON document (or nothing) as an event: anything else is InvalidRequestContentException. */
    private static void validateJson(byte[] payload) {
        if (payload.length == 0) {
            return;
        }
        try (var parser = JSON.createParser(payload)) {
            JSON.readTree(parser);
            if (parser.nextToken() != null) {
                throw new ApiError(
                        400,
                        "InvalidRequestContentException",
                        "message",
                        "Could not parse request body into json: trailing content");
            }
        } catch (JsonProcessingException e) {
            throw new ApiError(
                    400,
                    "InvalidRequestContentException",
                    "message",
                    "Could not parse request body into json: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiError(400, "InvalidRequestContentException", "message", "Could not read the request body");
        }
    }

    private static byte[] readUpTo(InputStream body, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = body.read(buffer)) > 0; ) {
            total += n;
            if (total <= limit) {
                out.write(buffer, 0, n);
            }
        }
        if (total > limit) {
            throw new ApiError(
                    413,
                    "RequestTooLargeException",
                    "message",
                    "Request must be smaller than " + limit + " bytes for the InvokeFunction operation");
        }
        return out.toByteArray();
    }

    private static void drain(InputStream body) {
        try {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private static Optional<String> query(HttpExchange exchange, String name) {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return Optional.empty();
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static void sendError(HttpExchange exchange, ApiError error) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("Type", error.status() >= 500 ? "Service" : "User");
        body.put(error.messageField(), error.getMessage());
        if (error.reason() != null) {
            body.put("Reason", error.reason());
        }
        exchange.getResponseHeaders().set("x-amzn-ErrorType", error.code());
        send(exchange, error.status(), JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (body == null || body.length == 0 || status == 204) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        if (async != null) {
            async.close();
        }
    }

    /** The last {@code limit} bytes of an invocation's log lines. */
    static final class TailLog {
        private final int limit;
        private final Deque<byte[]> lines = new ArrayDeque<>();
        private int size;

        TailLog(int limit) {
            this.limit = limit;
        }

        synchronized void add(String line) {
            byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
            lines.addLast(bytes);
            size += bytes.length;
            while (size - lines.peekFirst().length >= limit && lines.size() > 1) {
                size -= lines.removeFirst().length;
            }
        }

        synchronized byte[] bytes() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            lines.forEach(all::writeBytes);
            byte[] bytes = all.toByteArray();
            return bytes.length <= limit
                    ? bytes
                    : java.util.Arrays.copyOfRange(bytes, bytes.length - limit, bytes.length);
        }
    }

    /** An error the service answers with, as its model declares it (status, {@code x-amzn-ErrorType}, message field). */
    static final class ApiError extends RuntimeException {
        private final int status;
        private final String code;
        private final String messageField;
        private final String reason;

        ApiError(int status, String code, String messageField, String message) {
            this(status, code, messageField, message, null);
        }

        ApiError(int status, String code, String messageField, String message, String reason) {
            super(message);
            this.status = status;
            this.code = code;
            this.messageField = messageField;
            this.reason = reason;
        }

        static ApiError notFound(String arn) {
            return new ApiError(404, "ResourceNotFoundException", "Message", "Function not found: " + arn);
        }

        static ApiError throttled(ThrottledException throttled) {
            return new ApiError(429, "TooManyRequestsException", "message", throttled.getMessage(), throttled.reason());
        }

        int status() {
            return status;
        }

        String code() {
            return code;
        }

        String messageField() {
            return messageField;
        }

        String reason() {
            return reason;
        }

        @Override
        public String toString() {
            return code + " (" + status + "): " + getMessage();
        }
    }
}
