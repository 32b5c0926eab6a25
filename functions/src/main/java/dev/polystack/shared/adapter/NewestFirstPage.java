package dev.polystack.shared.adapter;

import dev.polystack.shared.DomainException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * One page of a user's items of one kind ({@code SK begins_with <prefix>}), newest first, in one
 * Query. The opaque cursor is only the last sort key, base64url: the partition always comes from
 * the caller, so a tampered cursor cannot reach another user's items, and one that does not decode
 * to a sort key of the expected shape is a 400.
 */
public record NewestFirstPage(List<Map<String, AttributeValue>> items, Optional<String> nextCursor) {

    public static NewestFirstPage query(
            DynamoDbClient dynamo,
            String table,
            String userId,
            String sortKeyPrefix,
            Pattern sortKeyShape,
            int limit,
            Optional<String> cursor) {
        String partition = SingleTable.userKey(userId);
        Map<String, AttributeValue> start = cursor.map(c -> Map.of(
                        SingleTable.PK, AttributeValue.fromS(partition),
                        SingleTable.SK, AttributeValue.fromS(decode(c, sortKeyShape))))
                .orElse(null);
        QueryResponse page = dynamo.query(q -> q.tableName(table)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", SingleTable.PK, "#sk", SingleTable.SK))
                .expressionAttributeValues(
                        Map.of(":pk", AttributeValue.fromS(partition), ":prefix", AttributeValue.fromS(sortKeyPrefix)))
                .scanIndexForward(false)
                .limit(limit)
                .exclusiveStartKey(start));
        Optional<String> next = page.hasLastEvaluatedKey()
                        && !page.lastEvaluatedKey().isEmpty()
                ? Optional.of(encode(page.lastEvaluatedKey().get(SingleTable.SK).s()))
                : Optional.empty();
        return new NewestFirstPage(page.items(), next);
    }

    static String encode(String sortKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String cursor, Pattern sortKeyShape) {
        try {
            String sortKey = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (sortKeyShape.matcher(sortKey).matches()) {
                return sortKey;
            }
        } catch (IllegalArgumentException notBase64) {
            // the same answer as any other bad cursor
        }
        throw DomainException.invalid("INVALID_CURSOR", "cursor is not one this API returned");
    }
}
