package dev.polystack.catalog.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.catalog.CatalogService;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;

/**
 * {@code POST /products/{productId}/archive} (administrators): hides the product from shoppers and
 * stops orders of it; past orders keep it. Idempotent.
 */
public final class ArchiveProductHandler extends HttpFunction {
    private final CatalogService catalog;

    public ArchiveProductHandler() {
        this(AppContext.fromEnvironment().catalog());
    }

    public ArchiveProductHandler(CatalogService catalog) {
        this.catalog = catalog;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        return HttpResponses.json(200, ProductView.forAdmins(catalog.archive(request.caller().asAdmin(), request.pathParameter("productId")), catalog));
    }
}
