package dev.polystack.shared.adapter;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The one DynamoDB table's physical design: generic {@code PK}/{@code SK} string keys and the TTL
 * attribute. The access patterns and key builders that use it are listed in
 * {@code docs/dynamodb-access-patterns.md}. The CDK stack declares the same design.
 */
public final class SingleTable {
    public static final String PK = "PK";
    public static final String SK = "SK";
    /** Epoch seconds; DynamoDB's TTL deletes the item some time after this, so reads check it too. */
    public static final String TTL_ATTRIBUTE = "expiresAt";

    private SingleTable() {
    }

    public static CreateTableRequest createRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build())
                .build();
    }
}
