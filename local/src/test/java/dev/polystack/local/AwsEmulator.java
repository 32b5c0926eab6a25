package dev.polystack.local;

import cloud.localstack.Localstack;
import cloud.localstack.docker.DockerExe;
import cloud.localstack.docker.annotation.LocalstackDockerConfiguration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.opentest4j.TestAbortedException;

/**
 * The {@code localstack} Maven profile's target: DynamoDB and S3 from an AWS emulator instead of
 * DynamoDB Local and S3Proxy (Aurora stays on this project's Data API emulator: LocalStack's free
 * edition has none). Either an emulator already running at {@code -Dpolystack.awsEndpoint=…}
 * (LocalStack or Floci), or LocalStack started here with Docker by localstack-utils (its
 * {@link Localstack} launcher, on a free port, stopped when the test JVM exits). Without either,
 * every test that needs it is skipped with the reason.
 */
final class AwsEmulator {
    /** The last LocalStack image that runs without an auth token (March 2026 on, `latest` needs one). */
    static final String IMAGE = "localstack/localstack";

    static final String TAG = "4.14.0";
    /** Found once per test JVM: the emulator's endpoint, or why there is none. */
    private static URI found;

    private static TestAbortedException missing;

    private AwsEmulator() {}

    static boolean requested() {
        return "localstack".equals(System.getProperty("polystack.target"));
    }

    static synchronized URI endpoint() {
        if (found == null && missing == null) {
            try {
                found = find();
            } catch (TestAbortedException e) {
                missing = e;
                System.err.println("localstack profile: the tests that need an AWS emulator skip: " + e.getMessage());
            }
        }
        if (missing != null) {
            throw missing;
        }
        return found;
    }

    private static URI find() {
        String given = System.getProperty("polystack.awsEndpoint");
        if (given != null && !given.isBlank()) {
            URI endpoint = URI.create(given);
            if (!healthy(endpoint)) {
                throw new TestAbortedException("no AWS emulator answers at " + endpoint);
            }
            return endpoint;
        }
        requireDocker();
        Localstack localstack = Localstack.INSTANCE;
        try {
            localstack.startup(LocalstackDockerConfiguration.builder()
                    .imageName(IMAGE)
                    .imageTag(TAG)
                    .randomizePorts(true)
                    .environmentVariables(authToken())
                    .build());
        } catch (RuntimeException e) {
            throw new TestAbortedException(
                    "could not start " + IMAGE + ":" + TAG + " with Docker: " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(localstack::stop, "stop-localstack"));
        return URI.create(localstack.getEndpointDynamoDB());
    }

    /** localstack-utils finds the docker executable (or throws); {@code docker info} fails without a daemon. */
    private static void requireDocker() {
        try {
            new DockerExe().execute(List.of("info"), 1, List.of(1));
        } catch (RuntimeException e) {
            throw new TestAbortedException("Docker is not available (" + lastLine(e.getMessage())
                    + "), and the localstack profile needs it to start " + IMAGE + ":" + TAG
                    + " (or pass -Dpolystack.awsEndpoint=http://localhost:4566 for an emulator already running)");
        }
    }

    /** Docker's own last word (its CLI prints the client's details first), or the whole message. */
    private static String lastLine(String message) {
        String text = String.valueOf(message).strip();
        return text.substring(text.lastIndexOf('\n') + 1).strip();
    }

    /** LocalStack images from March 2026 on need a token; localstack-utils itself only passes the older LOCALSTACK_API_KEY. */
    private static Map<String, String> authToken() {
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        return token == null || token.isBlank() ? Map.of() : Map.of("LOCALSTACK_AUTH_TOKEN", token);
    }

    private static boolean healthy(URI endpoint) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(endpoint.resolve("/_localstack/health"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
