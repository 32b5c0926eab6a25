package dev.polystack.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.polystack.app.CorsPolicy;
import dev.polystack.app.Route;
import dev.polystack.local.LoopbackServers;
import dev.polystack.local.StartupException;
import dev.polystack.local.Threads;
import dev.polystack.local.lambda.FunctionInvoker;
import dev.polystack.local.lambda.Invocation;
import dev.polystack.local.lambda.ThrottledException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * API Gateway HTTP API on loopback: matches each request against the route table, runs the Lambda
 * authorizer for guarded routes (simple responses, identity source {@code Authorization}), turns
 * the request into a payload 2.0 event, invokes the route's function and maps its response back. A
 * request no route matches goes to the {@code $default} route, as on AWS. A function that fails
 * (an error, a timeout, a crash) is answered as API Gateway answers it: 500 Internal Server Error.
 */
public final class LocalGateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    private final HttpServer server;
    private final ExecutorService workers;
    private List<Route> routes = List.of();
    private FunctionInvoker functions;
    private String authorizer;
    private CorsPolicy cors = CorsPolicy.DEFAULT;
    private RouteThrottles throttles = new RouteThrottles(Map.of(), System::nanoTime);
    private final Map<String, Function<HttpExchange, Boolean>> extras = new LinkedHashMap<>();

    private LocalGateway(HttpServer server) {
        this.server = server;
        // API Gateway has no such pool; a benchmark raises it (polystack.gatewayWorkers) to run its whole crowd at
        // once.
        this.workers = Executors.newFixedThreadPool(
                Integer.getInteger("polystack.gatewayWorkers", 32), Threads.daemon("gateway"));
        server.setExecutor(workers);
        server.createContext("/", this::serve);
    }

    /** Binds the port now, so a port in use fails before anything else starts; {@link #start()} opens it. */
    public static LocalGateway bind(int port) {
        try {
            return new LocalGateway(LoopbackServers.create(port, 256));
        } catch (BindException e) {
            throw new StartupException(
                    "port " + port + " is in use: stop whatever listens there, or start with --port <another>");
        } catch (IOException e) {
            throw new StartupException("cannot listen on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Serves a path outside the route table (for example the API docs); the function returns false to fall through. */
    public void addExtra(String pathPrefix, Function<HttpExchange, Boolean> handler) {
        extras.put(pathPrefix, handler);
    }

    /** Throttles each route as its own token bucket, as the deployed stage's route settings do. */
    public void throttles(RouteThrottles routeThrottles) {
        this.throttles = routeThrottles;
    }

    /** Answers browsers with this CORS configuration instead of the default one. */
    public void cors(CorsPolicy policy) {
        this.cors = policy;
    }

    /** Opens the port: requests go to the routes' functions, guarded ones through the authorizer function. */
    public void start(List<Route> routes, FunctionInvoker functions, String authorizer) {
        this.routes = routes.stream()
                .sorted(Comparator.comparingInt((Route r) -> -r.literalSegments()))
                .toList();
        this.functions = functions;
        this.authorizer = authorizer;
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (cors(exchange)) {
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            for (var extra : extras.entrySet()) {
                if (path.startsWith(extra.getKey()) && extra.getValue().apply(exchange)) {
                    return;
                }
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            Match match = match(method, path);
            if (match == null) {
                send(
                        exchange,
                        404,
                        Map.of("content-type", "application/json"),
                        "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!throttles.admit(match.route().routeKey())) {
                // API Gateway's answer to a throttled route, before the authorizer or the function runs.
                sendMessage(exchange, 429, "Too Many Requests");
                return;
            }
            String requestId = UUID.randomUUID().toString();
            // As on AWS: the answer's apigw-requestid is the event's requestContext.requestId, so a client's answer
            // joins the log line.
            exchange.getResponseHeaders().set("apigw-requestid", requestId);
            ObjectNode event = event(exchange, method, match, body, requestId);
            if (match.route().authorized()) {
                Optional<JsonNode> context = authorize(exchange, event, match, requestId);
                if (context.isEmpty()) {
                    return;
                }
                ((ObjectNode) event.get("requestContext"))
                        .putObject("authorizer")
                        .set("lambda", context.get());
            }
            Optional<JsonNode> response = invoke(match.route().function(), event);
            if (response.isEmpty()) {
                sendMessage(exchange, 500, "Internal Server Error");
                return;
            }
            sendLambdaResponse(exchange, response.get());
        }
    }

    /**
     * HTTP API CORS as configured on the deployed API ({@link CorsPolicy}): API Gateway answers
     * preflights itself, adds the CORS headers to every answer for an allowed origin, and ignores
     * CORS headers a function returns. True when the request was a preflight, now answered.
     */
    private boolean cors(HttpExchange exchange) throws IOException {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        boolean allowed = origin != null
                && (cors.allowOrigins().contains("*") || cors.allowOrigins().contains(origin));
        var headers = exchange.getResponseHeaders();
        if ("OPTIONS".equalsIgnoreCase(exchange.getRequestMethod())
                && exchange.getRequestHeaders().containsKey("Access-Control-Request-Method")) {
            exchange.getRequestBody().readAllBytes();
            if (allowed) {
                headers.set("Access-Control-Allow-Origin", cors.allowOrigins().contains("*") ? "*" : origin);
                headers.set("Access-Control-Allow-Methods", String.join(",", cors.allowMethods()));
                headers.set("Access-Control-Allow-Headers", String.join(",", cors.allowHeaders()));
                headers.set("Access-Control-Max-Age", Integer.toString(cors.maxAgeSeconds()));
                if (!cors.allowOrigins().contains("*")) {
                    headers.set("Vary", "Origin");
                }
            }
            headers.set("apigw-requestid", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(204, -1);
            return true;
        }
        if (allowed) {
            headers.set("Access-Control-Allow-Origin", cors.allowOrigins().contains("*") ? "*" : origin);
            headers.set("Access-Control-Expose-Headers", String.join(",", cors.exposeHeaders()));
            if (!cors.allowOrigins().contains("*")) {
                headers.set("Vary", "Origin");
            }
        }
        return false;
    }

    private Optional<JsonNode> authorize(HttpExchange exchange, ObjectNode event, Match match, String requestId)
            throws IOException {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || header.isEmpty()) {
            sendMessage(exchange, 401, "Unauthorized");
            return Optional.empty();
        }
        ObjectNode request = event.deepCopy();
        request.remove("body");
        request.remove("isBase64Encoded");
        request.put("type", "REQUEST");
        request.put(
                "routeArn",
                "arn:aws:execute-api:us-east-1:000000000000:local/$default/"
                        + match.route().method() + match.route().path());
        request.putArray("identitySource").add(header);
        if (authorizer == null) {
            throw new IllegalStateException(
                    "route " + match.route().routeKey() + " needs an authorizer, and the template has none");
        }
        Optional<JsonNode> answer = invoke(authorizer, request);
        if (answer.isEmpty()) {
            sendMessage(exchange, 500, "Internal Server Error");
            return Optional.empty();
        }
        JsonNode decision = answer.get();
        if (!decision.path("isAuthorized").asBoolean(false)) {
            sendMessage(exchange, 403, "Forbidden");
            return Optional.empty();
        }
        return Optional.of(decision.path("context").isObject() ? decision.get("context") : JSON.createObjectNode());
    }

    /** The function's answer; empty when it failed (an error, a timeout, a crash), which API Gateway answers with a 500. */
    private Optional<JsonNode> invoke(String function, JsonNode event) throws IOException {
        Invocation invocation;
        try {
            invocation = functions.invoke(
                    function, JSON.writeValueAsBytes(event), UUID.randomUUID().toString());
        } catch (ThrottledException throttled) {
            // A Lambda throttle reaches the client as the integration's failure, 500 Internal Server Error
            // (https://repost.aws/knowledge-center/api-gateway-internal-server-error, "Throttling occurs").
            System.err.println("function " + function + " throttled (" + throttled.reason() + ")");
            return Optional.empty();
        }
        if (invocation.failed()) {
            System.err.println(
                    "function " + function + " failed (" + invocation.errorType() + "): " + invocation.payloadText());
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(invocation.payload()));
        } catch (IOException malformed) {
            System.err.println("function " + function + " returned a malformed response: " + malformed.getMessage());
            return Optional.empty();
        }
    }

    private static void sendLambdaResponse(HttpExchange exchange, JsonNode response) throws IOException {
        if (response == null || !response.has("statusCode")) {
            // Payload 2.0: output without a statusCode is a 200 with the output as a JSON body.
            send(exchange, 200, Map.of("content-type", "application/json"), JSON.writeValueAsBytes(response));
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        response.path("headers").fields().forEachRemaining(h -> {
            if (!h.getKey().toLowerCase(Locale.ROOT).startsWith("access-control-")) {
                headers.put(h.getKey(), h.getValue().asText());
            }
        });
        for (JsonNode cookie : response.path("cookies")) {
            exchange.getResponseHeaders().add("Set-Cookie", cookie.asText());
        }
        JsonNode bodyNode = response.get("body");
        byte[] body = bodyNode == null || bodyNode.isNull()
                ? new byte[0]
                : response.path("isBase64Encoded").asBoolean(false)
                        ? Base64.getDecoder().decode(bodyNode.asText())
                        : bodyNode.asText().getBytes(StandardCharsets.UTF_8);
        send(exchange, response.get("statusCode").asInt(), headers, body);
    }

    private static void sendMessage(HttpExchange exchange, int status, String message) throws IOException {
        send(
                exchange,
                status,
                Map.of("content-type", "application/json"),
                JSON.writeValueAsBytes(JSON.createObjectNode().put("message", message)));
    }

    static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        if (!exchange.getResponseHeaders().containsKey("apigw-requestid")) {
            exchange.getResponseHeaders()
                    .set("apigw-requestid", UUID.randomUUID().toString());
        }
        boolean empty =
                body.length == 0 || status == 204 || status == 304 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    record Match(Route route, Map<String, String> pathParameters) {}

    private Match match(String method, String rawPath) {
        for (Route route : routes) {
            if (route.isDefault() || !route.method().equals(method)) {
                continue;
            }
            Optional<Map<String, String>> parameters = route.bind(rawPath);
            if (parameters.isPresent()) {
                return new Match(route, parameters.get());
            }
        }
        return routes.stream()
                .filter(Route::isDefault)
                .findFirst()
                .map(route -> new Match(route, Map.of()))
                .orElse(null);
    }

    private ObjectNode event(HttpExchange exchange, String method, Match match, byte[] body, String requestId) {
        URI uri = exchange.getRequestURI();
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        String routeKey = match.route().routeKey();
        event.put("routeKey", routeKey);
        event.put("rawPath", uri.getRawPath());
        event.put("rawQueryString", uri.getRawQuery() == null ? "" : uri.getRawQuery());
        ObjectNode headers = event.putObject("headers");
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if ("cookie".equals(lower)) {
                values.forEach(v -> cookies.addAll(List.of(v.split(";\\s*"))));
            } else {
                headers.put(lower, String.join(",", values));
            }
        });
        if (!cookies.isEmpty()) {
            var array = event.putArray("cookies");
            cookies.forEach(array::add);
        }
        Map<String, String> query = queryParameters(uri.getRawQuery());
        if (!query.isEmpty()) {
            ObjectNode queryNode = event.putObject("queryStringParameters");
            query.forEach(queryNode::put);
        }
        if (!match.pathParameters().isEmpty()) {
            ObjectNode pathNode = event.putObject("pathParameters");
            match.pathParameters().forEach(pathNode::put);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "000000000000");
        context.put("apiId", "local");
        context.put("domainName", "127.0.0.1");
        context.put("domainPrefix", "local");
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", uri.getRawPath());
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        http.put(
                "userAgent",
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("User-Agent"))
                        .orElse(""));
        context.put("requestId", requestId);
        context.put("routeKey", routeKey);
        context.put("stage", "$default");
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toInstant().toEpochMilli());
        if (body.length > 0) {
            String contentType = Optional.ofNullable(
                            exchange.getRequestHeaders().getFirst("Content-Type"))
                    .orElse("")
                    .toLowerCase(Locale.ROOT);
            boolean text = contentType.isEmpty()
                    || contentType.startsWith("text/")
                    || contentType.contains("json")
                    || contentType.contains("x-www-form-urlencoded")
                    || contentType.contains("xml");
            event.put(
                    "body",
                    text
                            ? new String(body, StandardCharsets.UTF_8)
                            : Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", !text);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    /** Repeated keys are joined with commas, as API Gateway does in payload 2.0. */
    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.merge(key, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
