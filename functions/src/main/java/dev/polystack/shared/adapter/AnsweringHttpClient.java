package dev.polystack.shared.adapter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that sends nothing: it reads each request's body and answers it itself as DynamoDB answers a write
 * that returns no attributes ({@code 200}, the body {@code {}} and its {@code x-amz-crc32} header). A client built
 * over it runs a write's success path before a SnapStart snapshot (marshalling, signing, the response's checksum and
 * unmarshalling, the retry strategy's bookkeeping) without reaching any store; a write DynamoDB refuses, the other
 * primers' way, warms only its error path. DynamoDB's answer: no attributes unless {@code ReturnValues} asks for them
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html), with a CRC32 of the body that
 * the SDK checks (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html).
 */
final class AnsweringHttpClient implements SdkHttpClient {
    private static final byte[] NO_ATTRIBUTES = "{}".getBytes(StandardCharsets.UTF_8);
    private static final String CRC32 = crc32(NO_ATTRIBUTES);

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream body =
                            request.contentStreamProvider().get().newStream()) {
                        body.transferTo(OutputStream.nullOutputStream());
                    }
                }
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder()
                                .statusCode(200)
                                .putHeader("Content-Type", "application/x-amz-json-1.0")
                                .putHeader("Content-Length", Integer.toString(NO_ATTRIBUTES.length))
                                .putHeader("x-amz-crc32", CRC32)
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(NO_ATTRIBUTES)))
                        .build();
            }

            @Override
            public void abort() {
                // answered at once: nothing to abort
            }
        };
    }

    private static String crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return Long.toString(crc.getValue());
    }

    @Override
    public String clientName() {
        return "priming";
    }

    @Override
    public void close() {
        // holds nothing
    }
}
