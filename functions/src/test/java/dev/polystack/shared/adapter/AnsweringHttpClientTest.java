package dev.polystack.shared.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * The client the write primers' success path goes through: the SDK accepts its answer as DynamoDB's (status, body and
 * the CRC32 the SDK checks on every DynamoDB response), and it sends nothing. The endpoint is a port nothing listens
 * on: a request that left the process would fail to connect.
 */
class AnsweringHttpClientTest {
    private static DynamoDbClient answered(URI endpoint) {
        return DynamoDbClient.builder()
                .httpClient(new AnsweringHttpClient())
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret")))
                .build();
    }

    private static URI closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    @Test
    void aWriteSucceedsWithNoAttributesAndNeverLeavesTheProcess() throws Exception {
        URI endpoint = closedPort();
        try (DynamoDbClient dynamo = answered(endpoint)) {
            PutItemResponse put = dynamo.putItem(r -> r.tableName("table")
                    .item(Map.of(
                            SingleTable.PK, AttributeValue.fromS("PK#1"), SingleTable.SK, AttributeValue.fromS("SK"))));
            assertFalse(put.hasAttributes(), put.toString());
            assertEquals(200, put.sdkHttpResponse().statusCode());
            dynamo.deleteItem(r -> r.tableName("table")
                    .key(Map.of(
                            SingleTable.PK, AttributeValue.fromS("PK#1"), SingleTable.SK, AttributeValue.fromS("SK"))));
        }
        // The same endpoint through a client that does send: refused, nothing listens there.
        try (DynamoDbClient sending = DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret")))
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                .build()) {
            assertThrows(
                    SdkClientException.class,
                    () -> sending.deleteItem(
                            r -> r.tableName("table").key(Map.of(SingleTable.PK, AttributeValue.fromS("PK#1")))));
        }
    }

    @Test
    void theEnhancedClientsWritesSucceedThroughIt() throws Exception {
        try (DynamoDbClient dynamo = answered(closedPort())) {
            DynamoDbEnhancedClient enhanced =
                    DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo).build();
            PrimingItem item = new PrimingItem("PK#1", "SK", "note");
            enhanced.table("table", PrimingItem.SCHEMA).putItem(item);
            assertEquals(
                    null,
                    enhanced.table("table", PrimingItem.SCHEMA).deleteItem(item),
                    "no attributes come back, so no item");
        }
    }
}
