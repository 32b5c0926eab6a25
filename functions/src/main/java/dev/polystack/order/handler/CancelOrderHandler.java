package dev.polystack.order.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.order.OrderService;

/**
 * {@code POST /orders/{orderId}/cancel} (the owner): a CONFIRMED order becomes CANCELLED and its stock
 * comes back, in one statement; 200 with the order, the same again on a repeat (stock returned once).
 * 404 ORDER_NOT_FOUND for an id that is not the caller's; 409 ORDER_NOT_CANCELLABLE once shipped.
 */
public final class CancelOrderHandler extends HttpFunction {
    private final OrderService orders;

    public CancelOrderHandler() {
        this(AppContext.fromEnvironment().orders());
    }

    public CancelOrderHandler(OrderService orders) {
        this.orders = orders;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        return HttpResponses.json(200, orders.cancel(request.callerId(), request.pathParameter("orderId")));
    }
}
