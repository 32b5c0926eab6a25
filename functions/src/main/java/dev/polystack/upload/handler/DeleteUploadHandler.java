package dev.polystack.upload.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.upload.UploadService;

/**
 * {@code DELETE /uploads/{uploadId}}: removes the caller's object and its record, 204; 404
 * UPLOAD_NOT_FOUND once it is gone (a repeat) or if it is not the caller's.
 */
public final class DeleteUploadHandler extends HttpFunction {
    private final UploadService uploads;

    public DeleteUploadHandler() {
        this(AppContext.fromEnvironment().uploads());
    }

    public DeleteUploadHandler(UploadService uploads) {
        this.uploads = uploads;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        uploads.delete(request.callerId(), request.pathParameter("uploadId"));
        return HttpResponses.noContent();
    }
}
