package dev.polystack.user.adapter;

import dev.polystack.shared.adapter.SingleTable;
import dev.polystack.user.Credentials;
import dev.polystack.user.DisplayName;
import dev.polystack.user.Email;
import dev.polystack.user.User;
import dev.polystack.user.UserErrors;
import dev.polystack.user.UserProfile;
import dev.polystack.user.UserRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

public final class DynamoUserRepository implements UserRepository {
    private static final Expression ITEM_IS_NEW = Expression.builder().expression("attribute_not_exists(" + SingleTable.PK + ")").build();
    /** Concurrent sign-ups for one address can cancel each other; a retry then meets the winner's claim. */
    private static final int TRANSACTION_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final DynamoDbEnhancedClient enhanced;
    private final String tableName;
    private final DynamoDbTable<ProfileItem> profiles;
    private final DynamoDbTable<EmailItem> emails;

    public DynamoUserRepository(DynamoDbClient dynamo, DynamoDbEnhancedClient enhanced, String tableName) {
        this.dynamo = dynamo;
        this.enhanced = enhanced;
        this.tableName = tableName;
        this.profiles = enhanced.table(tableName, ProfileItem.SCHEMA);
        this.emails = enhanced.table(tableName, EmailItem.SCHEMA);
    }

    @Override
    public void create(User user) {
        ProfileItem profile = new ProfileItem();
        profile.setPk(SingleTable.userKey(user.userId()));
        profile.setSk(SingleTable.PROFILE);
        profile.setType(ProfileItem.TYPE);
        profile.setUserId(user.userId());
        profile.setEmail(user.email().value());
        profile.setName(user.name().value());
        profile.setPasswordHash(user.passwordHash());
        profile.setCreatedAt(user.createdAt().toString());
        profile.setVersion(user.version());

        EmailItem email = new EmailItem();
        email.setPk(SingleTable.emailKey(user.email().value()));
        email.setSk(SingleTable.EMAIL);
        email.setType(EmailItem.TYPE);
        email.setUserId(user.userId());
        email.setPasswordHash(user.passwordHash());

        for (int attempt = 1; ; attempt++) {
            try {
                enhanced.transactWriteItems(request -> request
                        .addPutItem(profiles, TransactPutItemEnhancedRequest.builder(ProfileItem.class).item(profile).conditionExpression(ITEM_IS_NEW).build())
                        .addPutItem(emails, TransactPutItemEnhancedRequest.builder(EmailItem.class).item(email).conditionExpression(ITEM_IS_NEW).build()));
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (reasons.size() > 1 && "ConditionalCheckFailed".equals(reasons.get(1).code())) {
                    throw UserErrors.emailTaken();
                }
                boolean conflict = reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
                if (!conflict || attempt == TRANSACTION_ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    @Override
    public Optional<Credentials> findCredentials(Email email) {
        EmailItem item = emails.getItem(Key.builder().partitionValue(SingleTable.emailKey(email.value())).sortValue(SingleTable.EMAIL).build());
        return item == null ? Optional.empty() : Optional.of(new Credentials(item.getUserId(), item.getPasswordHash()));
    }

    @Override
    public Optional<UserProfile> profile(String userId, long nowEpochSeconds) {
        List<Map<String, AttributeValue>> items = dynamo.query(q -> q
                .tableName(tableName)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", SingleTable.PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(SingleTable.userKey(userId)))))
                .items();
        return UserCollectionReader.read(items, nowEpochSeconds);
    }

    @Override
    public long rename(String userId, DisplayName name, long expectedVersion) {
        try {
            Map<String, AttributeValue> updated = dynamo.updateItem(u -> u
                    .tableName(tableName)
                    .key(Map.of(SingleTable.PK, AttributeValue.fromS(SingleTable.userKey(userId)),
                            SingleTable.SK, AttributeValue.fromS(SingleTable.PROFILE)))
                    .updateExpression("SET #name = :name, #version = #version + :one")
                    .conditionExpression("attribute_exists(#pk) AND #version = :expected")
                    .expressionAttributeNames(Map.of("#name", "name", "#version", "version", "#pk", SingleTable.PK))
                    .expressionAttributeValues(Map.of(
                            ":name", AttributeValue.fromS(name.value()),
                            ":one", AttributeValue.fromN("1"),
                            ":expected", AttributeValue.fromN(Long.toString(expectedVersion))))
                    .returnValues(ReturnValue.UPDATED_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))
                    .attributes();
            return Long.parseLong(updated.get("version").n());
        } catch (ConditionalCheckFailedException e) {
            throw e.hasItem() && !e.item().isEmpty() ? UserErrors.versionConflict() : UserErrors.accountGone();
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(10L * attempt + (long) (Math.random() * 20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
