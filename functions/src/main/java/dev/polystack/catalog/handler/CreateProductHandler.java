package dev.polystack.catalog.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.catalog.CatalogService;
import dev.polystack.catalog.ProductDraft;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.shared.Admin;

/** {@code POST /products} (administrators): 201 with the product at version 1; 409 SKU_TAKEN. */
public final class CreateProductHandler extends HttpFunction {
    private final CatalogService catalog;

    public CreateProductHandler() {
        this(AppContext.fromEnvironment().catalog());
    }

    public CreateProductHandler(CatalogService catalog) {
        this.catalog = catalog;
    }

    record Request(String sku, String name, String description, Long priceCents, Long stock) {}

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Admin admin = request.caller().asAdmin();
        Request body = request.body(Request.class);
        ProductDraft draft =
                ProductDraft.of(body.sku(), body.name(), body.description(), body.priceCents(), body.stock());
        return HttpResponses.json(201, ProductView.forAdmins(catalog.create(admin, draft), catalog));
    }

    @Override
    protected boolean primesAsAdmin() {
        return true;
    }

    /** Before a SnapStart snapshot: a product with negative stock, refused by its validation before any store is called. */
    @Override
    protected String primingBody() {
        return "{\"sku\":\"PRIMING-0\",\"name\":\"Priming\",\"description\":\"priming\",\"priceCents\":100,\"stock\":-1}";
    }
}
