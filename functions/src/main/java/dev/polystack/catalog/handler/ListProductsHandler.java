package dev.polystack.catalog.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.catalog.CatalogService;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import java.util.List;

/** {@code GET /products}: the products for sale (archived ones are hidden), read from PostgreSQL through the Data API. */
public final class ListProductsHandler extends HttpFunction {
    private final CatalogService catalog;

    public ListProductsHandler() {
        this(AppContext.fromEnvironment().catalog());
    }

    public ListProductsHandler(CatalogService catalog) {
        this.catalog = catalog;
    }

    record Response(List<ProductView> items) {
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        return HttpResponses.json(200, new Response(catalog.listProducts().stream().map(ProductView::forShoppers).toList()));
    }
}
