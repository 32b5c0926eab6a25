package dev.polystack.upload.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.upload.UploadRepository;
import dev.polystack.upload.UploadService;
import java.util.List;

/** {@code GET /uploads?limit=&cursor=}: the caller's uploads, newest first, one Query. */
public final class ListUploadsHandler extends HttpFunction {
    private final UploadService uploads;

    public ListUploadsHandler() {
        this(AppContext.fromEnvironment().uploads());
    }

    public ListUploadsHandler(UploadService uploads) {
        this.uploads = uploads;
    }

    record Response(List<UploadView> items, String nextCursor) {}

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        UploadRepository.Page page = uploads.list(request.callerId(), request.query("limit"), request.query("cursor"));
        return HttpResponses.json(
                200,
                new Response(
                        page.items().stream().map(u -> UploadView.of(u, null)).toList(),
                        page.nextCursor().orElse(null)));
    }

    /** Reads only: primed before a SnapStart snapshot as a caller with no account. */
    @Override
    protected boolean primesAsCaller() {
        return true;
    }
}
