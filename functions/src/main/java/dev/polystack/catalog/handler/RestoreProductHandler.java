package dev.polystack.catalog.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.catalog.CatalogService;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;

/** {@code POST /products/{productId}/restore} (administrators): puts an archived product on sale again. Idempotent. */
public final class RestoreProductHandler extends HttpFunction {
    private final CatalogService catalog;

    public RestoreProductHandler() {
        this(AppContext.fromEnvironment().catalog());
    }

    public RestoreProductHandler(CatalogService catalog) {
        this.catalog = catalog;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        return HttpResponses.json(200, ProductView.forAdmins(catalog.restore(request.caller().asAdmin(), request.pathParameter("productId")), catalog));
    }
}
