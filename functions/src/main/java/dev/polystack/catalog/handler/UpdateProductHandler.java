package dev.polystack.catalog.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.catalog.CatalogService;
import dev.polystack.catalog.ProductChanges;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.shared.Admin;

/**
 * {@code PATCH /products/{productId}} (administrators): name, description and price, if {@code version}
 * is current; 409 VERSION_CONFLICT otherwise.
 */
public final class UpdateProductHandler extends HttpFunction {
    private final CatalogService catalog;

    public UpdateProductHandler() {
        this(AppContext.fromEnvironment().catalog());
    }

    public UpdateProductHandler(CatalogService catalog) {
        this.catalog = catalog;
    }

    record Request(String name, String description, Long priceCents, Long version) {}

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Admin admin = request.caller().asAdmin();
        Request body = request.body(Request.class);
        ProductChanges changes = ProductChanges.of(body.name(), body.description(), body.priceCents(), body.version());
        return HttpResponses.json(
                200, ProductView.forAdmins(catalog.edit(admin, request.pathParameter("productId"), changes), catalog));
    }

    @Override
    protected boolean primesAsAdmin() {
        return true;
    }

    /**
     * Before a SnapStart snapshot: a valid price change to a product id no product has (the priming path parameter),
     * so the conditional UPDATE matches no row, the read that follows finds none, and the answer is 404.
     */
    @Override
    protected String primingBody() {
        return "{\"priceCents\":100,\"version\":1}";
    }
}
