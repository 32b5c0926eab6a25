package dev.polystack.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.Lambda;
import dev.polystack.upload.adapter.S3UploadStorage;
import dev.polystack.upload.handler.UploadCompletedHandler;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The completion trigger over the real S3 adapter, with S3's two answers to a HEAD of a missing
 * object: 404 when the caller may list the bucket (the stack grants s3:ListBucket on uploads/), 403
 * when it may not. A 404 is "gone"; a 403 is a real denial and fails the invocation, so Lambda
 * retries it and the failure destination keeps it, rather than leaving the upload PENDING unnoticed.
 */
class UploadCompletionOverS3Test {
    static final String USER = UploadHandlersTest.USER;
    static final String UPLOAD_ID = "019aa7c2f3e8b5d1c2a3f4e5";
    static final String KEY = Upload.keyFor(USER, UPLOAD_ID);

    final UploadHandlersTest.FakeRepository repository = new UploadHandlersTest.FakeRepository();

    UploadCompletedHandler handlerOverS3Answering(int status) {
        repository.create(new Upload(
                USER,
                UPLOAD_ID,
                KEY,
                "a.png",
                "image/png",
                10,
                null,
                UploadMethod.PUT,
                UploadStatus.PENDING,
                null,
                Instant.now(),
                null));
        S3Client s3 = S3Client.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create("https://s3.example.test"))
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .httpClient(answering(status))
                .build();
        UploadService service = new UploadService(
                repository,
                new UploadHandlersTest.FakeSigner(),
                new S3UploadStorage(s3, "uploads-bucket"),
                UploadPolicy.defaults(),
                Clock.systemUTC());
        return new UploadCompletedHandler(service);
    }

    static ObjectNode objectCreated() {
        ObjectNode event = Lambda.event("s3-object-created.json");
        ((ObjectNode) event.get("Records").get(0).get("s3").get("object")).put("key", KEY);
        return event;
    }

    @Test
    void aMissingObjectAnswered404IsGoneAndTheRecordStaysPending() {
        var response = Lambda.invoke(handlerOverS3Answering(404), objectCreated());
        assertEquals(
                "OBJECT_GONE", response.get("results").get(0).get("outcome").asText());
        assertEquals(UploadStatus.PENDING, repository.byId.get(UPLOAD_ID).status());
    }

    @Test
    void a403IsADenialThatFailsTheInvocationSoItIsRetriedAndKept() {
        S3Exception denied = assertThrows(
                S3Exception.class,
                () -> handlerOverS3Answering(403)
                        .handleRequest(
                                new java.io.ByteArrayInputStream(Lambda.JSON.writeValueAsBytes(objectCreated())),
                                new java.io.ByteArrayOutputStream(),
                                null));
        assertEquals(403, denied.statusCode());
        assertEquals(UploadStatus.PENDING, repository.byId.get(UPLOAD_ID).status());
    }

    /** An HTTP client that answers every request with the status alone, as S3 answers a HEAD. */
    static SdkHttpClient answering(int status) {
        return new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() {
                        return HttpExecuteResponse.builder()
                                .response(SdkHttpResponse.builder()
                                        .statusCode(status)
                                        .putHeader("x-amz-request-id", "TEST")
                                        .build())
                                .responseBody(null)
                                .build();
                    }

                    @Override
                    public void abort() {}
                };
            }

            @Override
            public void close() {}
        };
    }
}
