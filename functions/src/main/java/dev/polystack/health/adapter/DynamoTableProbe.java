package dev.polystack.health.adapter;

import dev.polystack.health.StoreProbe;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

public final class DynamoTableProbe implements StoreProbe {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoTableProbe(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public String store() {
        return "dynamodb";
    }

    @Override
    public void check() {
        TableStatus status =
                dynamo.describeTable(b -> b.tableName(table)).table().tableStatus();
        if (status != TableStatus.ACTIVE && status != TableStatus.UPDATING) {
            throw new IllegalStateException("table " + table + " is " + status);
        }
    }
}
