package dev.polystack.upload.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.shared.Priming;
import dev.polystack.upload.UploadMethod;
import dev.polystack.upload.UploadPolicy;
import dev.polystack.upload.UploadRequest;
import dev.polystack.upload.UploadService;
import java.time.Instant;
import java.util.Map;

/** {@code POST /uploads}: a presigned PUT URL or a signed browser POST form for one file. */
public final class CreateUploadHandler extends HttpFunction {
    private final UploadService uploads;

    public CreateUploadHandler() {
        this(AppContext.fromEnvironment().uploads());
    }

    public CreateUploadHandler(UploadService uploads) {
        this.uploads = uploads;
        // The priming request is refused before the answer is written: Jackson builds the answer's serializer here.
        Priming.register(
                "uploads.response",
                () -> HttpResponses.json(
                        201,
                        new Response(
                                "priming",
                                "uploads/priming",
                                UploadMethod.POST.name(),
                                "https://priming.invalid/",
                                Map.of(),
                                Map.of("key", "uploads/priming"),
                                Instant.EPOCH.toString())));
    }

    /** What a client sends to upload one file; the product image route takes the same. */
    record Request(String fileName, String contentType, Long contentLength, String method, String checksumSha256) {
        UploadRequest checkedAgainst(UploadPolicy policy) {
            return UploadRequest.of(fileName, contentType, contentLength, method, checksumSha256, policy);
        }
    }

    /** Where and how to send the bytes. */
    record Response(
            String uploadId,
            String key,
            String method,
            String url,
            Map<String, String> headers,
            Map<String, String> fields,
            String expiresAt) {
        static Response of(UploadService.Created created) {
            return new Response(
                    created.upload().uploadId(),
                    created.upload().key(),
                    created.upload().method().name(),
                    created.signed().url(),
                    created.signed().headers(),
                    created.signed().fields(),
                    created.signed().expiresAt().toString());
        }
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        String userId = request.callerId();
        UploadRequest upload = request.body(Request.class).checkedAgainst(uploads.policy());
        return HttpResponses.json(201, Response.of(uploads.create(userId, upload)));
    }

    @Override
    protected boolean primesAsCaller() {
        return true;
    }

    /** Before a SnapStart snapshot: an empty file, refused by its validation before any store is called. */
    @Override
    protected String primingBody() {
        return "{\"fileName\":\"priming.png\",\"contentType\":\"image/png\",\"contentLength\":0,\"method\":\"PUT\"}";
    }
}
