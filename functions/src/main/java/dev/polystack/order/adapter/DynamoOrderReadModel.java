package dev.polystack.order.adapter;

import dev.polystack.order.OrderReadModel;
import dev.polystack.order.OrderSummary;
import dev.polystack.shared.adapter.ItemMapper;
import dev.polystack.shared.adapter.NewestFirstPage;
import dev.polystack.shared.adapter.SingleTable;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Order summaries under {@code USER#<userId> / ORDER#<createdAt>#<orderId>}, newest first with
 * one Query. The cursor names only a sort key: the partition is always the caller's, so a
 * tampered cursor can never reach another user's orders, and a malformed one is a 400.
 */
public final class DynamoOrderReadModel implements OrderReadModel {
    /** How a reader of the user's item collection (the profile) maps this context's items. */
    public static final ItemMapper<OrderSummary> ITEMS = ItemMapper.of(OrderSummaryItem.TYPE, OrderSummaryItem.SCHEMA, OrderSummaryItem::toSummary);
    private static final Pattern SORT_KEY = Pattern.compile("ORDER#\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z#[0-9a-f-]{36}");

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final DynamoDbTable<OrderSummaryItem> summaries;

    public DynamoOrderReadModel(DynamoDbClient dynamo, DynamoDbEnhancedClient enhanced, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.summaries = enhanced.table(tableName, OrderSummaryItem.SCHEMA);
    }

    @Override
    public void project(OrderSummary summary) {
        summaries.putItem(OrderSummaryItem.of(summary));
    }

    @Override
    public Page list(String userId, int limit, Optional<String> cursor) {
        NewestFirstPage page = NewestFirstPage.query(dynamo, tableName, userId, SingleTable.ORDER_PREFIX, SORT_KEY, limit, cursor);
        List<OrderSummary> items = page.items().stream().map(ITEMS::map).toList();
        return new Page(items, page.nextCursor());
    }
}
