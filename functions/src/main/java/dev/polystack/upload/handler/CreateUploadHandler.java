package dev.polystack.upload.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.upload.UploadRequest;
import dev.polystack.upload.UploadService;
import java.util.Map;

/** {@code POST /uploads}: a presigned PUT URL or a signed browser POST form for one file. */
public final class CreateUploadHandler extends HttpFunction {
    private final UploadService uploads;

    public CreateUploadHandler() {
        this(AppContext.fromEnvironment().uploads());
    }

    public CreateUploadHandler(UploadService uploads) {
        this.uploads = uploads;
    }

    record Request(String fileName, String contentType, Long contentLength, String method, String checksumSha256) {
    }

    record Response(String uploadId, String key, String method, String url, Map<String, String> headers, Map<String, String> fields, String expiresAt) {
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        String userId = request.callerId();
        Request body = request.body(Request.class);
        UploadRequest upload = UploadRequest.of(body.fileName(), body.contentType(), body.contentLength(), body.method(),
                body.checksumSha256(), uploads.policy());
        UploadService.Created created = uploads.create(userId, upload);
        return HttpResponses.json(201, new Response(created.upload().uploadId(), created.upload().key(), created.upload().method().name(),
                created.signed().url(), created.signed().headers(), created.signed().fields(), created.signed().expiresAt().toString()));
    }
}
