package dev.polystack.order.adapter;

import dev.polystack.order.OrderReadModel;
import dev.polystack.order.OrderSummary;
import dev.polystack.shared.adapter.SingleTable;
import dev.polystack.shared.adapter.NewestFirstPage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Order summaries under {@code USER#<userId> / ORDER#<createdAt>#<orderId>}, newest first with
 * one Query. The cursor names only a sort key: the partition is always the caller's, so a
 * tampered cursor can never reach another user's orders, and a malformed one is a 400.
 */
public final class DynamoOrderReadModel implements OrderReadModel {
    static final String TYPE = "ORDER_SUMMARY";
    private static final Pattern SORT_KEY = Pattern.compile("ORDER#\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z#[0-9a-f-]{36}");

    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoOrderReadModel(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    @Override
    public void project(OrderSummary summary) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(SingleTable.PK, AttributeValue.fromS(SingleTable.userKey(summary.userId())));
        item.put(SingleTable.SK, AttributeValue.fromS(SingleTable.orderSortKey(summary.createdAt(), summary.orderId())));
        item.put(SingleTable.TYPE, AttributeValue.fromS(TYPE));
        item.put("orderId", AttributeValue.fromS(summary.orderId()));
        item.put("status", AttributeValue.fromS(summary.status()));
        item.put("totalCents", AttributeValue.fromN(Long.toString(summary.totalCents())));
        item.put("itemCount", AttributeValue.fromN(Integer.toString(summary.itemCount())));
        item.put("createdAt", AttributeValue.fromS(summary.createdAt()));
        dynamo.putItem(b -> b.tableName(tableName).item(item));
    }

    @Override
    public Page list(String userId, int limit, Optional<String> cursor) {
        NewestFirstPage page = NewestFirstPage.query(dynamo, tableName, userId, SingleTable.ORDER_PREFIX, SORT_KEY, limit, cursor);
        List<OrderSummary> items = page.items().stream()
                .map(item -> new OrderSummary(userId, item.get("orderId").s(), item.get("status").s(),
                        Long.parseLong(item.get("totalCents").n()), Integer.parseInt(item.get("itemCount").n()), item.get("createdAt").s()))
                .toList();
        return new Page(items, page.nextCursor());
    }
}
