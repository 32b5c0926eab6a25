package dev.polystack.shared.adapter;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;

/**
 * An item that never exists, for priming the Enhanced Client's read and write paths (the same
 * immutable-schema mapping every item uses) before a SnapStart snapshot: a read that finds nothing,
 * then a put under a condition the absent item fails, which DynamoDB refuses.
 */
record PrimingItem(String pk, String sk, String note) implements SingleTableItem {
    static final StaticImmutableTableSchema<PrimingItem, ItemSchema.Fields> SCHEMA = ItemSchema.of(
                    PrimingItem.class, f -> new PrimingItem(f.pk(), f.sk(), f.text("note")))
            .text("note", PrimingItem::note)
            .build();

    @Override
    public String type() {
        return "PRIMING";
    }

    /** Registers the primer for {@code enhanced} on {@code tableName}. */
    static void register(DynamoDbEnhancedClient enhanced, String tableName) {
        PrimingItem absent = new PrimingItem(AwsClients.PRIMING_KEY, AwsClients.PRIMING_KEY, "never written");
        AwsClients.prime(
                "dynamodb.enhanced.get",
                () -> enhanced.table(tableName, SCHEMA)
                        .getItem(Key.builder()
                                .partitionValue(absent.pk())
                                .sortValue(absent.sk())
                                .build()));
        AwsClients.prime(
                "dynamodb.enhanced.put",
                () -> enhanced.table(tableName, SCHEMA)
                        .putItem(PutItemEnhancedRequest.builder(PrimingItem.class)
                                .item(absent)
                                .conditionExpression(Expression.builder()
                                        .expression("attribute_exists(" + SingleTable.PK + ")")
                                        .build())
                                .build()));
    }
}
