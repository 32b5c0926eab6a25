package dev.polystack.benchmarks.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The cold-start baseline: {@code GET /users/me} written the way getting-started tutorials write a
 * Lambda over DynamoDB, on purpose. The client (default HTTP client, default provider chains), the
 * enhanced client, a reflective bean schema and the JSON mapper are all built inside
 * {@code handleRequest}, so every invocation pays for them; the functions build theirs once per
 * process, with static schemas and the URLConnection client.
 */
public final class TutorialProfileHandler implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode event = mapper.readTree(input);
        String userId = event.path("requestContext")
                .path("authorizer")
                .path("lambda")
                .path("userId")
                .asText();

        DynamoDbClient dynamo = DynamoDbClient.create();
        DynamoDbEnhancedClient enhanced =
                DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo).build();
        DynamoDbTable<ProfileBean> table =
                enhanced.table(System.getenv("TABLE_NAME"), TableSchema.fromBean(ProfileBean.class));
        ProfileBean profile = table.getItem(Key.builder()
                .partitionValue("USER#" + userId)
                .sortValue("PROFILE")
                .build());

        Map<String, Object> response = new LinkedHashMap<>();
        if (profile == null) {
            response.put("statusCode", 404);
            response.put("body", "{\"error\":{\"code\":\"USER_NOT_FOUND\",\"message\":\"no such user\"}}");
        } else {
            response.put("statusCode", 200);
            response.put("headers", Map.of("content-type", "application/json"));
            response.put(
                    "body",
                    mapper.writeValueAsString(Map.of(
                            "userId",
                            userId,
                            "email",
                            String.valueOf(profile.getEmail()),
                            "name",
                            String.valueOf(profile.getName()))));
        }
        mapper.writeValue(output, response);
    }
}
