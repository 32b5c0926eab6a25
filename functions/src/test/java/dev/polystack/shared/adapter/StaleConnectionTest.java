package dev.polystack.shared.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polystack.shared.Settings;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A connection the server closed while it sat in the JDK's keep-alive cache (S3 and s3proxy close idle
 * ones; a Lambda environment sits idle between invocations) must cost a retry, not a failed call.
 * {@code HttpURLConnection} does not retry a streamed request on a stale cached connection, and the SDK's
 * URLConnection client wraps a failure to open the request body in an {@code UncheckedIOException} that
 * its retry policy never sees (aws/aws-sdk-java-v2#7347, fixed after the SDK version used here). An S3
 * {@code PutObject} with {@code Expect: 100-continue} fails exactly there: the JDK reads the interim
 * answer inside {@code getOutputStream()}.
 */
class StaleConnectionTest {
    private ServerSocket server;
    private Thread acceptor;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger puts = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serve, "stale-connection-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        acceptor.join(2_000);
    }

    /** Answers one request per connection with keep-alive, then closes it as an idle timeout would. */
    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                connections.incrementAndGet();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                Map<String, String> headers = readHeaders(in);
                if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
                puts.incrementAndGet();
                out.write(("HTTP/1.1 200 OK\r\nETag: \"e\"\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // the server socket closed, or the client went away: the next accept decides
            }
        }
    }

    private static Map<String, String> readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; matched < 4 && (b = in.read()) >= 0; ) {
            head.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
        }
        Map<String, String> headers = new java.util.HashMap<>();
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    @Test
    void aPutOnAConnectionTheServerClosedIsRetriedOnANewOne() throws Exception {
        Settings settings = new Settings(Map.of(
                "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + server.getLocalPort(),
                "BUCKET_NAME", "bucket"));
        try (AwsClients clients = new AwsClients(
                settings, StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret")), List.of())) {
            for (int i = 0; i < 3; i++) {
                clients.s3().putObject(b -> b.bucket("bucket").key("k"), RequestBody.fromString("body " + i));
                Thread.sleep(100); // the server has closed the connection the JDK keeps for the next call
            }
        }
        assertEquals(3, puts.get(), "every put reached the server once it had a live connection");
    }
}
