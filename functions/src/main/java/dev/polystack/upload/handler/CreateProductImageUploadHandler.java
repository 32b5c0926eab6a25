package dev.polystack.upload.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.shared.Admin;
import dev.polystack.upload.UploadRequest;
import dev.polystack.upload.UploadService;

/**
 * {@code POST /products/{productId}/image} (administrators): signs an image upload under the product's
 * prefix, like {@code POST /uploads} (image types only). Once the object arrives and passes its check,
 * it becomes the product's image and the one it replaces is deleted.
 */
public final class CreateProductImageUploadHandler extends HttpFunction {
    private final UploadService uploads;

    public CreateProductImageUploadHandler() {
        this(AppContext.fromEnvironment().uploads());
    }

    public CreateProductImageUploadHandler(UploadService uploads) {
        this.uploads = uploads;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Admin admin = request.caller().asAdmin();
        UploadRequest upload = request.body(CreateUploadHandler.Request.class)
                .checkedAgainst(uploads.policy().images());
        return HttpResponses.json(
                201,
                CreateUploadHandler.Response.of(
                        uploads.createProductImage(admin, request.pathParameter("productId"), upload)));
    }

    @Override
    protected boolean primesAsAdmin() {
        return true;
    }

    /** Before a SnapStart snapshot: an empty image, refused by its validation before any store is called. */
    @Override
    protected String primingBody() {
        return "{\"fileName\":\"priming.png\",\"contentType\":\"image/png\",\"contentLength\":0,\"method\":\"PUT\"}";
    }
}
