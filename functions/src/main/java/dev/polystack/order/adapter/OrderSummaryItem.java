package dev.polystack.order.adapter;

import dev.polystack.order.OrderSummary;
import dev.polystack.shared.adapter.ItemSchema;
import dev.polystack.shared.adapter.SingleTable;
import dev.polystack.shared.adapter.SingleTableItem;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * {@code USER#<userId> / ORDER#<createdAt>#<orderId>}: the read model of one order, projected from
 * PostgreSQL at the order's {@code version}. Summaries written before versions existed have none and
 * read as version 1 (they were all projections of a placement).
 */
record OrderSummaryItem(
        String pk,
        String sk,
        String orderId,
        String status,
        Long totalCents,
        Long itemCount,
        String createdAt,
        Long version)
        implements SingleTableItem {
    static final String TYPE = "ORDER_SUMMARY";
    static final String VERSION = "version";
    static final StaticImmutableTableSchema<OrderSummaryItem, ItemSchema.Fields> SCHEMA = ItemSchema.of(
                    OrderSummaryItem.class,
                    f -> new OrderSummaryItem(
                            f.pk(),
                            f.sk(),
                            f.text("orderId"),
                            f.text("status"),
                            f.number("totalCents"),
                            f.number("itemCount"),
                            f.text("createdAt"),
                            f.number(VERSION)))
            .text("orderId", OrderSummaryItem::orderId)
            .text("status", OrderSummaryItem::status)
            .number("totalCents", OrderSummaryItem::totalCents)
            .number("itemCount", OrderSummaryItem::itemCount)
            .text("createdAt", OrderSummaryItem::createdAt)
            .number(VERSION, OrderSummaryItem::version)
            .build();

    static OrderSummaryItem of(OrderSummary summary) {
        return new OrderSummaryItem(
                SingleTable.userKey(summary.userId()),
                SingleTable.orderSortKey(summary.createdAt(), summary.orderId()),
                summary.orderId(),
                summary.status(),
                summary.totalCents(),
                (long) summary.itemCount(),
                summary.createdAt(),
                summary.version());
    }

    @Override
    public String type() {
        return TYPE;
    }

    OrderSummary toSummary() {
        return new OrderSummary(
                SingleTable.userIdOf(pk),
                orderId,
                status,
                totalCents,
                Math.toIntExact(itemCount),
                createdAt,
                version == null ? 1 : version);
    }
}
