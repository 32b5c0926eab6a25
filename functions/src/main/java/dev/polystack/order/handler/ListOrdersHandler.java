package dev.polystack.order.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.polystack.app.AppContext;
import dev.polystack.http.ApiRequest;
import dev.polystack.http.HttpFunction;
import dev.polystack.http.HttpResponses;
import dev.polystack.order.OrderReadModel;
import dev.polystack.order.OrderService;
import java.util.List;

/**
 * {@code GET /orders?limit=&cursor=}: the caller's orders, newest first, from the DynamoDB read model,
 * each with its current status and the order version the summary shows.
 */
public final class ListOrdersHandler extends HttpFunction {
    private final OrderService orders;

    public ListOrdersHandler() {
        this(AppContext.fromEnvironment().orders());
    }

    public ListOrdersHandler(OrderService orders) {
        this.orders = orders;
    }

    record Item(String orderId, String status, long totalCents, int itemCount, String createdAt, long version) {}

    record Response(List<Item> items, String nextCursor) {}

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        OrderReadModel.Page page = orders.list(request.callerId(), request.query("limit"), request.query("cursor"));
        List<Item> items = page.items().stream()
                .map(s -> new Item(s.orderId(), s.status(), s.totalCents(), s.itemCount(), s.createdAt(), s.version()))
                .toList();
        return HttpResponses.json(200, new Response(items, page.nextCursor().orElse(null)));
    }

    /** Reads only: primed before a SnapStart snapshot as a caller with no account. */
    @Override
    protected boolean primesAsCaller() {
        return true;
    }
}
