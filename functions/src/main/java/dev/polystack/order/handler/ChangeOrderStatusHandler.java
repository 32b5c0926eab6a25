package dev.polystack.order.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.order.OrderService;
import dev.polystack.order.OrderStatus;
import dev.polystack.shared.Admin;

/**
 * {@code POST /orders/{orderId}/status} with {@code {"status":"SHIPPED"}} (administrators, any user's
 * order): CONFIRMED → SHIPPED → DELIVERED; 200 with the order, the same again on a repeat. 403
 * ADMIN_REQUIRED for anyone else before anything is read or written; 409 ILLEGAL_STATUS_TRANSITION
 * naming the current and the requested status for any other move.
 */
public final class ChangeOrderStatusHandler extends HttpFunction {
    private final OrderService orders;

    public ChangeOrderStatusHandler() {
        this(AppContext.fromEnvironment().orders());
    }

    public ChangeOrderStatusHandler(OrderService orders) {
        this.orders = orders;
    }

    record Request(String status) {}

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Admin admin = request.caller().asAdmin();
        OrderStatus status = OrderStatus.parse(request.body(Request.class).status());
        return HttpResponses.json(200, orders.changeStatus(admin, request.pathParameter("orderId"), status));
    }

    @Override
    protected boolean primesAsAdmin() {
        return true;
    }

    /** Before a SnapStart snapshot: a status no order has, refused by its validation before any store is called. */
    @Override
    protected String primingBody() {
        return "{\"status\":\"PRIMING\"}";
    }
}
