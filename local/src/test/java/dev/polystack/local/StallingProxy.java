package dev.polystack.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An HTTP forwarder put between function processes and a store, so a test can hold one request
 * (the function then waits inside its store call) while it kills or times out the function. A
 * fault-injection point at the network, where a test of separate processes can reach.
 */
public final class StallingProxy implements AutoCloseable {
    /** DynamoDB's answers for throttling and for a failure on its side, as the SDK reads them. */
    public static final String THROTTLED =
            "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
                    + "\"message\":\"The level of configured provisioned throughput for the table was exceeded.\"}";

    public static final String INTERNAL_ERROR =
            "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"Internal server error\"}";

    private static final Set<String> NOT_FORWARDED =
            Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private volatile URI target;
    private volatile Stall stall;
    private final java.util.List<Failure> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();

    /** Answers the next {@code remaining} matching requests with an error instead of forwarding them. */
    private record Failure(String text, java.util.concurrent.atomic.AtomicInteger remaining, int status, String body) {}

    /** The next {@code times} requests whose target or body contains {@code text} get this error. */
    public void failNext(String text, int times, int status, String body) {
        failures.add(new Failure(text, new java.util.concurrent.atomic.AtomicInteger(times), status, body));
    }

    /** How many requests were answered with an injected error so far. */
    public int failuresInjected() {
        return failed.get();
    }

    public void clearFailures() {
        failures.clear();
    }

    /** Disarms a stall no request reached and lets a held one through (a suite on a shared stack leaves none behind). */
    public void clearStall() {
        Stall armed = stall;
        stall = null;
        if (armed != null) {
            armed.release();
        }
    }

    /** A request to hold: {@link #reached} opens when it arrives, {@link #release()} lets it through. */
    public static final class Stall {
        private final Predicate<String> matches;
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        Stall(Predicate<String> matches) {
            this.matches = matches;
        }

        public boolean awaitReached(long seconds) throws InterruptedException {
            return reached.await(seconds, TimeUnit.SECONDS);
        }

        public void release() {
            released.countDown();
        }
    }

    public StallingProxy() throws IOException {
        server = LoopbackServers.create(0, 64);
        server.setExecutor(Executors.newCachedThreadPool(Threads.daemon("stalling-proxy")));
        server.createContext("/", this::forward);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void target(URI store) {
        this.target = store;
    }

    /** Holds the next request whose {@code X-Amz-Target} header or body contains this text. */
    public Stall stallNext(String text) {
        Stall next = new Stall(request -> request.contains(text));
        stall = next;
        return next;
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String described = exchange.getRequestHeaders().getFirst("X-Amz-Target") + " "
                    + new String(body, StandardCharsets.UTF_8);
            for (Failure failure : failures) {
                if (described.contains(failure.text()) && failure.remaining().getAndDecrement() > 0) {
                    failed.incrementAndGet();
                    byte[] error = failure.body().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
                    exchange.sendResponseHeaders(failure.status(), error.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(error);
                    }
                    return;
                }
            }
            Stall current = stall;
            if (current != null && current.matches.test(described)) {
                stall = null;
                current.reached.countDown();
                current.released.await(60, TimeUnit.SECONDS);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(target + exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(
                    response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
            if (response.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        Stall current = stall;
        if (current != null) {
            current.release();
        }
        server.stop(0);
    }
}
