package dev.polystack.catalog.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.catalog.CatalogService;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;

/**
 * {@code GET /products/{productId}}: one product for sale (public, cacheable: {@link CatalogCaching}); 404
 * PRODUCT_NOT_FOUND for an unknown or archived one.
 */
public final class GetProductHandler extends HttpFunction {
    private final CatalogService catalog;

    public GetProductHandler() {
        this(AppContext.fromEnvironment().catalog());
    }

    public GetProductHandler(CatalogService catalog) {
        this.catalog = catalog;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        return CatalogCaching.cacheable(
                request,
                HttpResponses.json(
                        200, ProductView.forShoppers(catalog.get(request.pathParameter("productId")), catalog)));
    }
}
