package dev.polystack.benchmarks;

import dev.polystack.upload.SignedUpload;
import dev.polystack.upload.adapter.S3UploadSigner;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Utilities;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The cost of signing, warm, as the upload routes do it: a presigned PUT and GET URL (the SDK's
 * {@link S3Presigner}) and a SigV4 browser POST policy (our signer). The whole {@code POST /uploads}
 * request is measured by the local stack's {@code CreateUploadLatencyIT}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SigningBenchmark {
    private S3Presigner presigner;
    private S3UploadSigner signer;
    private String key;

    @Setup
    public void setUp() {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsSessionCredentials.create(
                "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "session-token-as-on-lambda"));
        presigner = S3Presigner.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build();
        signer = new S3UploadSigner(
                presigner,
                S3Utilities.builder().region(Region.US_EAST_1).build(),
                credentials,
                "polystack-uploads",
                "us-east-1");
        key = "uploads/" + UUID.randomUUID() + "/019aa7c2f3e8b5d1c2a3f4e5";
    }

    @TearDown
    public void tearDown() {
        presigner.close();
    }

    @Benchmark
    public SignedUpload presignedPut() {
        return signer.signPut(key, "image/png", 48_213, null, Instant.now(), Duration.ofMinutes(5));
    }

    @Benchmark
    public String presignedGet() {
        return signer.signGet(key, Duration.ofMinutes(5));
    }

    @Benchmark
    public SignedUpload postPolicy() {
        return signer.signPost(key, "image/png", 10L * 1024 * 1024, Instant.now(), Duration.ofMinutes(5));
    }
}
