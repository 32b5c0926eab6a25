package dev.polystack.upload.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.upload.UploadService;

/** {@code GET /uploads/{uploadId}}: status, and a short-lived download URL once AVAILABLE; 404 if not the caller's. */
public final class GetUploadHandler extends HttpFunction {
    private final UploadService uploads;

    public GetUploadHandler() {
        this(AppContext.fromEnvironment().uploads());
    }

    public GetUploadHandler(UploadService uploads) {
        this.uploads = uploads;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        UploadService.View view = uploads.get(request.callerId(), request.pathParameter("uploadId"));
        return HttpResponses.json(
                200, UploadView.of(view.upload(), view.downloadUrl().orElse(null)));
    }

    /** Reads only: primed before a SnapStart snapshot as a caller with no account. */
    @Override
    protected boolean primesAsCaller() {
        return true;
    }
}
