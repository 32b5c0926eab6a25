package dev.polystack.order.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.order.IdempotencyKey;
import dev.polystack.order.OrderLine;
import dev.polystack.order.OrderRequest;
import dev.polystack.order.OrderService;
import dev.polystack.shared.DomainException;
import java.util.List;

/**
 * {@code POST /orders} with an {@code Idempotency-Key} header: 201 with the order; the same key
 * and body again return the same order (header {@code idempotent-replayed: true}).
 */
public final class PlaceOrderHandler extends HttpFunction {
    private final OrderService orders;

    public PlaceOrderHandler() {
        this(AppContext.fromEnvironment().orders());
    }

    public PlaceOrderHandler(OrderService orders) {
        this.orders = orders;
    }

    record Request(List<Line> items) {}

    record Line(String productId, Integer quantity) {}

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        String userId = request.callerId();
        IdempotencyKey key =
                new IdempotencyKey(request.header("idempotency-key").orElse(null));
        Request body = request.body(Request.class);
        if (body.items() == null) {
            throw DomainException.missingField("items is required");
        }
        List<OrderLine> lines =
                body.items().stream().map(PlaceOrderHandler::line).toList();
        OrderService.Placed placed = orders.place(userId, key, OrderRequest.of(lines));
        APIGatewayV2HTTPResponse response = HttpResponses.json(201, placed.order());
        return placed.replayed() ? HttpResponses.withHeader("idempotent-replayed", "true", response) : response;
    }

    /** Before a SnapStart snapshot: an order for a product that does not exist, refused by place_order before it writes. */
    @Override
    protected boolean primesAsCaller() {
        return true;
    }

    @Override
    protected String primingBody() {
        return "{\"items\":[{\"productId\":\"" + PRIMING_CALLER + "\",\"quantity\":1}]}";
    }

    private static OrderLine line(Line line) {
        if (line == null || line.quantity() == null) {
            throw DomainException.missingField("every item needs a productId and a quantity");
        }
        return new OrderLine(line.productId(), line.quantity());
    }
}
