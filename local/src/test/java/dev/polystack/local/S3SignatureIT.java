package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.local.s3.ObjectCreated;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/** The local S3 checks SigV4 like S3: a presigned PUT is good only for the key, type and length it was signed for. */
class S3SignatureIT {
    static final byte[] BODY = "hello, uploads".getBytes(StandardCharsets.UTF_8);

    /** The SDK's presigner, configured here independently of the app's, so this checks S3Proxy against AWS's reference signer. */
    static PresignedPutObjectRequest presign(String key) {
        LocalBackend backend = SharedBackend.get();
        try (S3Presigner presigner = S3Presigner.builder()
                .region(Region.of(LocalBackend.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalBackend.ACCESS_KEY, LocalBackend.SECRET_KEY)))
                .endpointOverride(backend.settings().endpoint("S3").orElseThrow())
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build()) {
            return presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(o -> o.bucket(LocalBackend.BUCKET)
                            .key(key)
                            .contentType("text/plain")
                            .contentLength((long) BODY.length)));
        }
    }

    static int put(URI url, String contentType, byte[] body) {
        HttpResponse<String> response = SharedBackend.send(HttpRequest.newBuilder(url)
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
        return response.statusCode();
    }

    static boolean exists(String key) {
        try {
            SharedBackend.get()
                    .app()
                    .clients()
                    .s3()
                    .headObject(b -> b.bucket(LocalBackend.BUCKET).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Test
    void presignedPutStoresTheObjectAndAnnouncesIt() throws Exception {
        List<ObjectCreated> events = new CopyOnWriteArrayList<>();
        SharedBackend.get().onObjectCreated(events::add);
        PresignedPutObjectRequest presigned = presign("signature-test/ok.txt");
        assertEquals(200, put(presigned.url().toURI(), "text/plain", BODY));
        assertTrue(exists("signature-test/ok.txt"));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (events.stream().noneMatch(e -> e.key().equals("signature-test/ok.txt"))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        ObjectCreated event = events.stream()
                .filter(e -> e.key().equals("signature-test/ok.txt"))
                .findFirst()
                .orElseThrow();
        assertEquals("ObjectCreated:Put", event.eventName());
        assertEquals(BODY.length, event.size());
    }

    @Test
    void changedKeyIsRefused() throws Exception {
        URI url = presign("signature-test/key.txt").url().toURI();
        URI otherKey = URI.create(url.toString().replace("signature-test/key.txt", "signature-test/other.txt"));
        assertEquals(403, put(otherKey, "text/plain", BODY));
        assertFalse(exists("signature-test/other.txt"));
    }

    @Test
    void changedContentTypeIsRefused() throws Exception {
        assertEquals(403, put(presign("signature-test/type.txt").url().toURI(), "text/html", BODY));
        assertFalse(exists("signature-test/type.txt"));
    }

    @Test
    void changedLengthIsRefused() throws Exception {
        byte[] longer = "hello, uploads and more".getBytes(StandardCharsets.UTF_8);
        assertEquals(403, put(presign("signature-test/length.txt").url().toURI(), "text/plain", longer));
        assertFalse(exists("signature-test/length.txt"));
    }

    @Test
    void tamperedSignatureIsRefused() throws Exception {
        String url = presign("signature-test/sig.txt").url().toString();
        int at = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        char flipped = url.charAt(at) == 'a' ? 'b' : 'a';
        URI tampered = URI.create(url.substring(0, at) + flipped + url.substring(at + 1));
        assertEquals(403, put(tampered, "text/plain", BODY));
        assertFalse(exists("signature-test/sig.txt"));
    }
}
