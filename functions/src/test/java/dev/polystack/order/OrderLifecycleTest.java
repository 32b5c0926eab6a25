package dev.polystack.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.Lambda;
import dev.polystack.order.handler.CancelOrderHandler;
import dev.polystack.order.handler.ChangeOrderStatusHandler;
import dev.polystack.order.handler.GetOrderHandler;
import dev.polystack.order.handler.OutboxRelayHandler;
import dev.polystack.order.handler.PlaceOrderHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Cancelling, shipping and delivering through the handlers, over the in-memory ports; the projection follows versions. */
class OrderLifecycleTest {
    static final String OWNER = "7f1c3e0a-3b9e-4c55-9d2f-0c4f5b6a7e81";

    final OrderHandlersTest.FakeOrders orders = new OrderHandlersTest.FakeOrders();
    final OrderHandlersTest.FakeReadModel readModel = new OrderHandlersTest.FakeReadModel();
    final OrderService service = new OrderService(orders, readModel);

    String placed() {
        return Lambda.body(Lambda.invoke(new PlaceOrderHandler(service), Lambda.event("place-order.json")))
                .get("orderId")
                .asText();
    }

    static ObjectNode cancelEvent(String orderId) {
        ObjectNode event = Lambda.event("cancel-order.json");
        ((ObjectNode) event.get("pathParameters")).put("orderId", orderId);
        return event;
    }

    static ObjectNode statusEvent(String orderId, String body) {
        ObjectNode event = Lambda.event("change-order-status.json");
        ((ObjectNode) event.get("pathParameters")).put("orderId", orderId);
        event.put("body", body);
        return event;
    }

    JsonNode cancel(String orderId) {
        return Lambda.invoke(new CancelOrderHandler(service), cancelEvent(orderId));
    }

    JsonNode move(String orderId, String status) {
        return Lambda.invoke(
                new ChangeOrderStatusHandler(service), statusEvent(orderId, "{\"status\":\"" + status + "\"}"));
    }

    static String code(JsonNode response) {
        return Lambda.body(response).get("error").get("code").asText();
    }

    @Test
    void cancelIs200WithTheCancelledOrderAndARepeatAnswersTheSameWithoutASecondRestock() {
        String orderId = placed();
        JsonNode first = cancel(orderId);
        assertEquals(200, first.get("statusCode").asInt(), first.toString());
        assertEquals("CANCELLED", Lambda.body(first).get("status").asText());
        assertEquals(2, Lambda.body(first).get("version").asInt());

        JsonNode again = cancel(orderId);
        assertEquals(200, again.get("statusCode").asInt());
        assertEquals(Lambda.body(first), Lambda.body(again));
        int units = orders.byId.get(orderId).items().stream()
                .mapToInt(Order.Item::quantity)
                .sum();
        assertEquals(units, orders.restocked.get(orderId), "the order's units come back once");
        assertEquals("CANCELLED", readModel.byId.get(orderId).status());
        assertEquals(2, readModel.byId.get(orderId).version());
        assertEquals(0, orders.unpublishedCount(), "the handler projected right after the commit");
    }

    @Test
    void cancellingAnotherUsersOrderIs404LikeAnUnknownOneAndChangesNothing() {
        String orderId = placed();
        ObjectNode other = cancelEvent(orderId);
        ((ObjectNode) other.get("requestContext").get("authorizer").get("lambda")).put("userId", "someone-else");
        JsonNode refused = Lambda.invoke(new CancelOrderHandler(service), other);
        JsonNode unknown = cancel("00000000-0000-4000-8000-000000000099");
        JsonNode malformed = cancel("1 OR 1=1");
        for (JsonNode response : List.of(refused, unknown, malformed)) {
            assertEquals(404, response.get("statusCode").asInt(), response.toString());
            assertEquals("ORDER_NOT_FOUND", code(response));
        }
        assertEquals(Lambda.body(refused), Lambda.body(unknown), "the same answer: no hint that the order exists");
        assertEquals("CONFIRMED", orders.byId.get(orderId).status());
        assertTrue(orders.restocked.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHIPPED", "DELIVERED"})
    void cancelAfterShippingIs409OrderNotCancellableAndReturnsNoStock(String reached) {
        String orderId = placed();
        assertEquals(200, move(orderId, "SHIPPED").get("statusCode").asInt());
        if (reached.equals("DELIVERED")) {
            assertEquals(200, move(orderId, "DELIVERED").get("statusCode").asInt());
        }
        JsonNode refused = cancel(orderId);
        assertEquals(409, refused.get("statusCode").asInt());
        assertEquals("ORDER_NOT_CANCELLABLE", code(refused));
        assertTrue(Lambda.body(refused).get("error").get("message").asText().contains(reached), refused.toString());
        assertEquals(reached, orders.byId.get(orderId).status());
        assertTrue(orders.restocked.isEmpty());
    }

    @Test
    void administratorsShipThenDeliverAndARepeatedMoveAnswersTheSame() {
        String orderId = placed();
        JsonNode shipped = move(orderId, "SHIPPED");
        assertEquals(200, shipped.get("statusCode").asInt(), shipped.toString());
        assertEquals("SHIPPED", Lambda.body(shipped).get("status").asText());
        assertEquals(2, Lambda.body(shipped).get("version").asInt());
        assertEquals(Lambda.body(shipped), Lambda.body(move(orderId, "SHIPPED")), "idempotent: no version 3");

        JsonNode delivered = move(orderId, "DELIVERED");
        assertEquals(200, delivered.get("statusCode").asInt());
        assertEquals(3, Lambda.body(delivered).get("version").asInt());
        assertEquals(Lambda.body(delivered), Lambda.body(move(orderId, "DELIVERED")));
        assertEquals("DELIVERED", readModel.byId.get(orderId).status());
        assertEquals(3, readModel.byId.get(orderId).version());
        assertEquals(3, orders.outbox.size(), "one event per change: created, shipped, delivered");

        ObjectNode read = Lambda.event("get-order.json");
        ((ObjectNode) read.get("pathParameters")).put("orderId", orderId);
        assertEquals(
                "DELIVERED",
                Lambda.body(Lambda.invoke(new GetOrderHandler(service), read))
                        .get("status")
                        .asText());
    }

    /** Where the order is (reached by legal moves from CONFIRMED), what the administrator asks for. */
    static final List<Arguments> ILLEGAL = List.of(
            Arguments.of(List.of(), "DELIVERED"),
            Arguments.of(List.of(), "CONFIRMED"),
            Arguments.of(List.of(), "CANCELLED"),
            Arguments.of(List.of("SHIPPED"), "CONFIRMED"),
            Arguments.of(List.of("SHIPPED"), "CANCELLED"),
            Arguments.of(List.of("SHIPPED", "DELIVERED"), "SHIPPED"),
            Arguments.of(List.of("SHIPPED", "DELIVERED"), "CANCELLED"),
            Arguments.of(List.of("CANCEL"), "SHIPPED"),
            Arguments.of(List.of("CANCEL"), "DELIVERED"),
            Arguments.of(List.of("CANCEL"), "CANCELLED"));

    @ParameterizedTest
    @FieldSource("ILLEGAL")
    void everyOtherMoveIs409NamingTheCurrentAndTheRequestedStatusAndWritesNothing(List<String> path, String requested) {
        String orderId = placed();
        for (String step : path) {
            JsonNode done = step.equals("CANCEL") ? cancel(orderId) : move(orderId, step);
            assertEquals(200, done.get("statusCode").asInt(), done.toString());
        }
        Order before = orders.byId.get(orderId);
        int events = orders.outbox.size();
        JsonNode refused = move(orderId, requested);
        assertEquals(409, refused.get("statusCode").asInt(), refused.toString());
        assertEquals("ILLEGAL_STATUS_TRANSITION", code(refused));
        String message = Lambda.body(refused).get("error").get("message").asText();
        assertTrue(message.contains("is " + before.status()) && message.contains("to " + requested), message);
        assertEquals(before, orders.byId.get(orderId));
        assertEquals(events, orders.outbox.size());
    }

    @Test
    void theStatusRouteIs403ForNonAdministratorsBeforeAnythingIsReadOrWritten() {
        OrderRepository untouchable = (OrderRepository) Proxy.newProxyInstance(
                OrderRepository.class.getClassLoader(),
                new Class<?>[] {OrderRepository.class},
                (proxy, method, args) -> {
                    throw new AssertionError("the repository was called: " + method.getName());
                });
        ChangeOrderStatusHandler handler = new ChangeOrderStatusHandler(new OrderService(untouchable, readModel));
        for (String body : List.of("{\"status\":\"SHIPPED\"}", "{\"status\":\"LOST\"}", "not json")) {
            ObjectNode event = statusEvent("00000000-0000-4000-8000-000000000001", body);
            ((ObjectNode) event.get("requestContext").get("authorizer").get("lambda")).remove("roles");
            JsonNode refused = Lambda.invoke(handler, event);
            assertEquals(403, refused.get("statusCode").asInt(), body);
            assertEquals("ADMIN_REQUIRED", code(refused));
        }
        assertTrue(readModel.byId.isEmpty());
    }

    static final List<Arguments> BAD_BODIES = List.of(
            Arguments.of("{\"status\":\"LOST\"}", "INVALID_STATUS"),
            Arguments.of("{\"status\":\"shipped\"}", "INVALID_STATUS"),
            Arguments.of("{}", "MISSING_FIELD"),
            Arguments.of("{\"status\":\"SHIPPED\",\"by\":\"me\"}", "UNKNOWN_FIELD"),
            Arguments.of("{\"status\":1}", "INVALID_FIELD_TYPE"));

    @ParameterizedTest
    @FieldSource("BAD_BODIES")
    void aBadStatusRequestIs400AndChangesNothing(String body, String code) {
        String orderId = placed();
        JsonNode refused = Lambda.invoke(new ChangeOrderStatusHandler(service), statusEvent(orderId, body));
        assertEquals(400, refused.get("statusCode").asInt(), refused.toString());
        assertEquals(code, code(refused));
        assertEquals("CONFIRMED", orders.byId.get(orderId).status());
    }

    @Test
    void anUnknownOrderIs404ForAdministratorsToo() {
        JsonNode response = move("00000000-0000-4000-8000-000000000099", "SHIPPED");
        assertEquals(404, response.get("statusCode").asInt());
        assertEquals("ORDER_NOT_FOUND", code(response));
    }

    @Test
    void aFailedProjectionAfterACancelStillAnswers200AndTheRelayHealsIt() {
        String orderId = placed();
        readModel.failuresLeft.set(1);
        assertEquals(200, cancel(orderId).get("statusCode").asInt());
        assertEquals("CONFIRMED", readModel.byId.get(orderId).status(), "the summary still shows the placement");
        assertEquals(1, orders.unpublishedCount());

        JsonNode relayed = Lambda.invoke(
                new OutboxRelayHandler(new OutboxRelay(orders, readModel, Duration.ZERO)),
                Lambda.event("outbox-relay.json"));
        assertEquals(1, relayed.get("projected").asInt());
        assertEquals("CANCELLED", readModel.byId.get(orderId).status());
        assertEquals(0, orders.unpublishedCount());
    }

    @Test
    void theRelayProjectsEveryMissedVersionOldestFirstAndEndsAtTheNewest() {
        String orderId = placed();
        readModel.failuresLeft.set(2);
        move(orderId, "SHIPPED");
        move(orderId, "DELIVERED");
        assertEquals(1, readModel.byId.get(orderId).version());
        new OutboxRelay(orders, readModel, Duration.ZERO).run();
        assertEquals("DELIVERED", readModel.byId.get(orderId).status());
        assertEquals(3, readModel.byId.get(orderId).version());
        assertEquals(0, orders.unpublishedCount());
    }

    @Test
    void anOlderOrRepeatedEventNeverReplacesANewerSummaryAndIsStillMarkedDone() {
        OrderSummary v2 = new OrderSummary(
                OWNER, "00000000-0000-4000-8000-000000000007", "SHIPPED", 100, 1, "2026-11-21T10:00:00.000Z", 2);
        OrderSummary v3 = new OrderSummary(OWNER, v2.orderId(), "DELIVERED", 100, 1, v2.createdAt(), 3);
        assertEquals(OrderReadModel.Projection.WRITTEN, OrderService.publish(orders, readModel, v3));
        assertEquals(OrderReadModel.Projection.ALREADY_NEWER, OrderService.publish(orders, readModel, v2));
        assertEquals(OrderReadModel.Projection.ALREADY_NEWER, OrderService.publish(orders, readModel, v3));
        assertEquals(v3, readModel.byId.get(v2.orderId()));
    }

    @Test
    void anEventForAnErasedAccountWritesNothingAndIsMarkedDone() {
        String orderId = placed();
        readModel.byId.clear();
        readModel.erased.add(OWNER);
        readModel.failuresLeft.set(1);
        assertEquals(200, cancel(orderId).get("statusCode").asInt());
        assertEquals(1, orders.unpublishedCount());
        try (dev.polystack.LogLines logs = dev.polystack.LogLines.capture()) {
            assertEquals(
                    1, new OutboxRelay(orders, readModel, Duration.ZERO).run().projected());
            assertTrue(
                    logs.warnings().stream()
                            .anyMatch(w -> w.get("event").asText().equals("projection_skipped_account_gone")),
                    logs.warnings().toString());
        }
        assertTrue(readModel.byId.isEmpty(), "no summary recreated for an erased account");
        assertEquals(0, orders.unpublishedCount());
    }
}
