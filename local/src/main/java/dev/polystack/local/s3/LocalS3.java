package dev.polystack.local.s3;

import dev.polystack.local.Ports;
import dev.polystack.local.StartupException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * S3 on loopback through S3Proxy, which checks SigV4 signatures, presigned URLs and browser POST
 * policies like S3 does, with CORS open for browser uploads. Objects live in memory, or in a
 * directory when one is given.
 */
public final class LocalS3 implements AutoCloseable {
    private final S3Proxy proxy;
    private final int port;

    private LocalS3(S3Proxy proxy, int port) {
        this.proxy = proxy;
        this.port = port;
    }

    public static LocalS3 start(
            String accessKey, String secretKey, Path dataDir, Consumer<ObjectCreated> onObjectCreated) {
        int port = Ports.free();
        try {
            BlobStore store;
            if (dataDir == null) {
                store = new TransientNio2BlobStore();
            } else {
                Files.createDirectories(dataDir);
                store = new FilesystemNio2BlobStore(dataDir.toString());
            }
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(new NotifyingBlobStore(store, onObjectCreated))
                    .endpoint(URI.create("http://127.0.0.1:" + port))
                    .awsAuthentication(AuthenticationType.AWS_V4, accessKey, secretKey)
                    .corsRules(new CrossOriginResourceSharing(
                            List.of("*"),
                            List.of("GET", "HEAD", "PUT", "POST"),
                            List.of("*"),
                            List.of("ETag"),
                            "false"))
                    .build();
            proxy.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return new LocalS3(proxy, port);
        } catch (Exception e) {
            throw new StartupException("S3Proxy did not start: " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception ignored) {
            // stopping anyway
        }
    }
}
