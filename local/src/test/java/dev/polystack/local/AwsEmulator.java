package dev.polystack.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * The {@code localstack} Maven profile's target: DynamoDB and S3 from an AWS emulator on
 * localhost:4566 instead of DynamoDB Local and S3Proxy (Aurora stays on this project's Data API
 * emulator: LocalStack's free edition has none). Either an emulator already running at
 * {@code -Dpolystack.awsEndpoint=…} (LocalStack or Floci), or LocalStack started here with Docker.
 * Without either, every test that needs it is skipped with the reason.
 */
final class AwsEmulator {
    /** The last LocalStack image that runs without an auth token (March 2026 on, `latest` needs one). */
    static final String IMAGE = "localstack/localstack:4.14.0";
    static final URI DEFAULT_ENDPOINT = URI.create("http://localhost:4566");

    private AwsEmulator() {
    }

    static boolean requested() {
        return "localstack".equals(System.getProperty("polystack.target"));
    }

    static URI endpoint() {
        String given = System.getProperty("polystack.awsEndpoint");
        if (given != null && !given.isBlank()) {
            URI endpoint = URI.create(given);
            if (!healthy(endpoint)) {
                throw new TestAbortedException("no AWS emulator answers at " + endpoint);
            }
            return endpoint;
        }
        if (run(List.of("docker", "info"), Duration.ofSeconds(20)) != 0) {
            throw new TestAbortedException("Docker is not available, and the localstack profile needs it to start " + IMAGE
                    + " (or pass -Dpolystack.awsEndpoint=http://localhost:4566 for an emulator already running)");
        }
        List<String> command = new ArrayList<>(List.of("docker", "run", "-d", "--rm", "--name", "polystack-localstack", "-p", "4566:4566"));
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        if (token != null && !token.isBlank()) {
            command.addAll(List.of("-e", "LOCALSTACK_AUTH_TOKEN"));
        }
        command.add(IMAGE);
        if (run(command, Duration.ofMinutes(5)) != 0) {
            throw new TestAbortedException("could not start " + IMAGE + " with Docker");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> run(List.of("docker", "rm", "-f", "polystack-localstack"), Duration.ofSeconds(30))));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!healthy(DEFAULT_ENDPOINT)) {
            if (System.nanoTime() > deadline) {
                throw new TestAbortedException(IMAGE + " did not become healthy within 2 minutes");
            }
            sleep();
        }
        return DEFAULT_ENDPOINT;
    }

    private static boolean healthy(URI endpoint) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(endpoint.resolve("/_localstack/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int run(List<String> command, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
