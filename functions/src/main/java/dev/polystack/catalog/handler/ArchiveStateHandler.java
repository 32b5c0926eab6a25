package dev.polystack.catalog.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.catalog.CatalogService;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;

/**
 * {@code POST /products/{productId}/archive} and {@code …/restore} (administrators): archiving hides
 * the product from shoppers and stops orders of it (past orders keep it); restoring puts it on sale
 * again. Both are idempotent.
 */
abstract class ArchiveStateHandler extends HttpFunction {
    private final CatalogService catalog;
    private final boolean archive;

    ArchiveStateHandler(CatalogService catalog, boolean archive) {
        this.catalog = catalog;
        this.archive = archive;
    }

    @Override
    protected final APIGatewayV2HTTPResponse handle(ApiRequest request) {
        var admin = request.caller().asAdmin();
        String productId = request.pathParameter("productId");
        return HttpResponses.json(
                200,
                ProductView.forAdmins(
                        archive ? catalog.archive(admin, productId) : catalog.restore(admin, productId), catalog));
    }
}
