package dev.polystack.catalog.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.catalog.CatalogService;
import dev.polystack.catalog.ProductQuery;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import java.util.List;

/**
 * {@code GET /products?q=&minPriceCents=&maxPriceCents=&inStock=&limit=&cursor=}: a page of the
 * products for sale (archived ones are hidden), by SKU, or for {@code q} ranked by a full-text search of
 * names and descriptions; one Data API call. Cacheable ({@link CatalogCaching}).
 */
public final class ListProductsHandler extends HttpFunction {
    private final CatalogService catalog;

    public ListProductsHandler() {
        this(AppContext.fromEnvironment().catalog());
    }

    public ListProductsHandler(CatalogService catalog) {
        this.catalog = catalog;
    }

    record Response(List<ProductView> items, String nextCursor) {}

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        ProductQuery query = ProductQuery.of(
                request.query("q"),
                request.query("minPriceCents"),
                request.query("maxPriceCents"),
                request.query("inStock"),
                request.query("limit"),
                request.query("cursor"));
        CatalogService.Page page = catalog.page(query);
        List<ProductView> items = page.items().stream()
                .map(product -> ProductView.forShoppers(product, catalog))
                .toList();
        return CatalogCaching.cacheable(
                request,
                HttpResponses.json(200, new Response(items, page.nextCursor().orElse(null))));
    }
}
