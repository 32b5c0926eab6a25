package dev.polystack.catalog.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.catalog.CatalogService;
import dev.polystack.catalog.StockAdjustment;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.shared.Admin;

/**
 * {@code POST /products/{productId}/stock} (administrators): adds {@code delta} (negative to take away)
 * with a {@code reason}, in one statement beside concurrent orders; 409 STOCK_OUT_OF_RANGE below 0.
 */
public final class AdjustStockHandler extends HttpFunction {
    private final CatalogService catalog;

    public AdjustStockHandler() {
        this(AppContext.fromEnvironment().catalog());
    }

    public AdjustStockHandler(CatalogService catalog) {
        this.catalog = catalog;
    }

    record Request(Long delta, String reason) {}

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Admin admin = request.caller().asAdmin();
        Request body = request.body(Request.class);
        StockAdjustment adjustment = StockAdjustment.of(body.delta(), body.reason());
        return HttpResponses.json(
                200,
                ProductView.forAdmins(
                        catalog.adjustStock(admin, request.pathParameter("productId"), adjustment), catalog));
    }

    @Override
    protected boolean primesAsAdmin() {
        return true;
    }

    /** Before a SnapStart snapshot: an adjustment of zero units, refused by its validation before any store is called. */
    @Override
    protected String primingBody() {
        return "{\"delta\":0,\"reason\":\"priming\"}";
    }
}
