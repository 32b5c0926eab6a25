package dev.polystack.catalog.handler;

import dev.polystack.app.AppContext;
import dev.polystack.catalog.CatalogService;
import dev.polystack.catalog.Product;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponse;
import java.util.List;

/** {@code GET /products}: the catalogue, read from PostgreSQL through the Data API. */
public final class ListProductsHandler extends HttpFunction {
    private final CatalogService catalog;

    public ListProductsHandler() {
        this(AppContext.fromEnvironment().catalog());
    }

    public ListProductsHandler(CatalogService catalog) {
        this.catalog = catalog;
    }

    record Response(List<Product> items) {
    }

    @Override
    protected HttpResponse handle(ApiRequest request) {
        return HttpResponse.json(200, new Response(catalog.listProducts()));
    }
}
