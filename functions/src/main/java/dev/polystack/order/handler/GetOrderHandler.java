package dev.polystack.order.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.order.OrderService;

/** {@code GET /orders/{orderId}}: the order as created; 404 for an id that is not the caller's. */
public final class GetOrderHandler extends HttpFunction {
    private final OrderService orders;

    public GetOrderHandler() {
        this(AppContext.fromEnvironment().orders());
    }

    public GetOrderHandler(OrderService orders) {
        this.orders = orders;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        return HttpResponses.json(200, orders.get(request.callerId(), request.pathParameter("orderId")));
    }

    /** Reads only: primed before a SnapStart snapshot as a caller with no account. */
    @Override
    protected boolean primesAsCaller() {
        return true;
    }
}
