package dev.polystack.user.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.user.ExportService;

/** {@code GET /users/me/export}: writes the caller's data to the bucket and answers with a short-lived download URL. */
public final class ExportMeHandler extends HttpFunction {
    private final ExportService exports;

    public ExportMeHandler() {
        this(AppContext.fromEnvironment().exports());
    }

    public ExportMeHandler(ExportService exports) {
        this.exports = exports;
    }

    record Response(String exportId, String downloadUrl, String expiresAt) {}

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        ExportService.Exported exported = exports.export(request.callerId());
        return HttpResponses.json(
                200,
                new Response(
                        exported.exportId(),
                        exported.downloadUrl(),
                        exported.expiresAt().toString()));
    }
}
