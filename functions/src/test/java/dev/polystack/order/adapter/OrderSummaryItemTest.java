package dev.polystack.order.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polystack.order.OrderSummary;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The order summary item: the order context's schema, and the mapper it gives readers of the user's item collection. */
public class OrderSummaryItemTest {
    static final OrderSummary SUMMARY = new OrderSummary(
            "0b6e2f56-1a7c-4d0e-9a55-7c6f0b9a1e21",
            "5d1c3a8e-2b4f-4c6d-8e9f-0a1b2c3d4e5f",
            "CONFIRMED",
            2598,
            2,
            "2026-11-21T10:00:00.000Z",
            1);

    /** The item the order context writes for {@code summary}, for tests of readers of the user's partition. */
    public static Map<String, AttributeValue> item(OrderSummary summary) {
        return OrderSummaryItem.SCHEMA.itemToMap(OrderSummaryItem.of(summary), true);
    }

    @Test
    void writesTheAttributesSummariesAlwaysHadSoOlderItemsStillRead() {
        assertEquals(
                Map.of(
                        "PK", AttributeValue.fromS("USER#0b6e2f56-1a7c-4d0e-9a55-7c6f0b9a1e21"),
                        "SK",
                                AttributeValue.fromS(
                                        "ORDER#2026-11-21T10:00:00.000Z#5d1c3a8e-2b4f-4c6d-8e9f-0a1b2c3d4e5f"),
                        "type", AttributeValue.fromS("ORDER_SUMMARY"),
                        "orderId", AttributeValue.fromS("5d1c3a8e-2b4f-4c6d-8e9f-0a1b2c3d4e5f"),
                        "status", AttributeValue.fromS("CONFIRMED"),
                        "totalCents", AttributeValue.fromN("2598"),
                        "itemCount", AttributeValue.fromN("2"),
                        "createdAt", AttributeValue.fromS("2026-11-21T10:00:00.000Z"),
                        "version", AttributeValue.fromN("1")),
                item(SUMMARY));
    }

    @Test
    void aSummaryWrittenBeforeVersionsExistedReadsAsVersionOne() {
        Map<String, AttributeValue> old = new java.util.HashMap<>(item(new OrderSummary(
                SUMMARY.userId(),
                SUMMARY.orderId(),
                "SHIPPED",
                SUMMARY.totalCents(),
                SUMMARY.itemCount(),
                SUMMARY.createdAt(),
                4)));
        old.remove("version");
        assertEquals(1, DynamoOrderReadModel.ITEMS.map(old).version());
    }

    @Test
    void theMapperReadsTheSummaryBackWithItsOwnerFromThePartitionKey() {
        assertEquals(OrderSummaryItem.TYPE, DynamoOrderReadModel.ITEMS.type());
        assertEquals(SUMMARY, DynamoOrderReadModel.ITEMS.map(item(SUMMARY)));
    }
}
