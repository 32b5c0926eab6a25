package dev.polystack.order.handler;

import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponse;
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
    protected HttpResponse handle(ApiRequest request) {
        return HttpResponse.json(200, orders.get(request.callerId(), request.pathParameter("orderId")));
    }
}
