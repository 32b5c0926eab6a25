package dev.polystack.order.adapter;

import dev.polystack.order.OrderReadModel;
import dev.polystack.order.OrderSummary;
import dev.polystack.shared.adapter.ItemMapper;
import dev.polystack.shared.adapter.NewestFirstPage;
import dev.polystack.shared.adapter.SingleTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Order summaries under {@code USER#<userId> / ORDER#<createdAt>#<orderId>}, newest first with
 * one Query. The cursor names only a sort key: the partition is always the caller's, so a
 * tampered cursor can never reach another user's orders, and a malformed one is a 400.
 *
 * <p>A projection is one TransactWriteItems of two parts: a ConditionCheck that the owner's profile
 * exists (an erased account never gets a summary back from a late event), and the Put of the summary
 * on condition that the stored one, if any, has a lower version (a late or repeated event never
 * replaces a newer status). Which condition failed is read from the cancellation reasons, in that order.
 * A transaction costs twice the write units of a plain put.
 */
public final class DynamoOrderReadModel implements OrderReadModel {
    /** How a reader of the user's item collection (the profile) maps this context's items. */
    public static final ItemMapper<OrderSummary> ITEMS =
            ItemMapper.of(OrderSummaryItem.TYPE, OrderSummaryItem.SCHEMA, OrderSummaryItem::toSummary);

    private static final Pattern SORT_KEY =
            Pattern.compile("ORDER#\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z#[0-9a-f-]{36}");
    static final String PROFILE_EXISTS = "attribute_exists(" + SingleTable.PK + ")";
    static final String OLDER_OR_ABSENT = "attribute_not_exists(#version) OR #version < :version";
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";

    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoOrderReadModel(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    @Override
    public Projection project(OrderSummary summary) {
        TransactWriteItem profileExists = TransactWriteItem.builder()
                .conditionCheck(ConditionCheck.builder()
                        .tableName(tableName)
                        .key(Map.of(
                                SingleTable.PK,
                                AttributeValue.fromS(SingleTable.userKey(summary.userId())),
                                SingleTable.SK,
                                AttributeValue.fromS(SingleTable.PROFILE)))
                        .conditionExpression(PROFILE_EXISTS)
                        .build())
                .build();
        TransactWriteItem put = TransactWriteItem.builder()
                .put(Put.builder()
                        .tableName(tableName)
                        .item(OrderSummaryItem.SCHEMA.itemToMap(OrderSummaryItem.of(summary), true))
                        .conditionExpression(OLDER_OR_ABSENT)
                        .expressionAttributeNames(Map.of("#version", OrderSummaryItem.VERSION))
                        .expressionAttributeValues(
                                Map.of(":version", AttributeValue.fromN(Long.toString(summary.version()))))
                        .build())
                .build();
        try {
            dynamo.transactWriteItems(r -> r.transactItems(profileExists, put));
            return Projection.WRITTEN;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            if (failed(reasons, 0)) {
                return Projection.ACCOUNT_GONE;
            }
            if (failed(reasons, 1)) {
                return Projection.ALREADY_NEWER;
            }
            throw e;
        }
    }

    private static boolean failed(List<CancellationReason> reasons, int index) {
        return reasons.size() > index
                && CONDITION_FAILED.equals(reasons.get(index).code());
    }

    @Override
    public Page list(String userId, int limit, Optional<String> cursor) {
        NewestFirstPage page =
                NewestFirstPage.query(dynamo, tableName, userId, SingleTable.ORDER_PREFIX, SORT_KEY, limit, cursor);
        List<OrderSummary> items = page.items().stream().map(ITEMS::map).toList();
        return new Page(items, page.nextCursor());
    }
}
