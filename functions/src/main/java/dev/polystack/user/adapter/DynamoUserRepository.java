package dev.polystack.user.adapter;

import dev.polystack.order.OrderSummary;
import dev.polystack.shared.Actor;
import dev.polystack.shared.Entropy;
import dev.polystack.shared.Role;
import dev.polystack.shared.adapter.ItemMapper;
import dev.polystack.shared.adapter.SingleTable;
import dev.polystack.upload.Upload;
import dev.polystack.user.Credentials;
import dev.polystack.user.DisplayName;
import dev.polystack.user.Email;
import dev.polystack.user.RoleChange;
import dev.polystack.user.User;
import dev.polystack.user.UserErrors;
import dev.polystack.user.UserProfile;
import dev.polystack.user.UserRepository;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

public final class DynamoUserRepository implements UserRepository {
    /** Concurrent sign-ups for one address can cancel each other; a retry then meets the winner's claim. */
    private static final int TRANSACTION_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final DynamoDbEnhancedClient enhanced;
    private final String tableName;
    private final DynamoDbTable<ProfileItem> profiles;
    private final DynamoDbTable<EmailItem> emails;
    private final UserCollectionReader collection;

    /** {@code orders} and {@code uploads} map the other contexts' items in the user's partition; those contexts supply them. */
    public DynamoUserRepository(
            DynamoDbClient dynamo,
            DynamoDbEnhancedClient enhanced,
            String tableName,
            ItemMapper<OrderSummary> orders,
            ItemMapper<Upload> uploads) {
        this.dynamo = dynamo;
        this.enhanced = enhanced;
        this.tableName = tableName;
        this.profiles = enhanced.table(tableName, ProfileItem.SCHEMA);
        this.emails = enhanced.table(tableName, EmailItem.SCHEMA);
        this.collection = new UserCollectionReader(orders, uploads);
    }

    @Override
    public void create(User user) {
        ProfileItem profile = ProfileItem.of(user);
        EmailItem email = EmailItem.of(user);
        for (int attempt = 1; ; attempt++) {
            try {
                enhanced.transactWriteItems(request -> request.addPutItem(profiles, isNew(ProfileItem.class, profile))
                        .addPutItem(emails, isNew(EmailItem.class, email)));
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (reasons.stream().anyMatch(reason -> failedOn(reason, email))) {
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

    /** A put that must not overwrite; if its condition fails, the cancellation reason carries the item that was there. */
    private static <T> TransactPutItemEnhancedRequest<T> isNew(Class<T> type, T item) {
        return TransactPutItemEnhancedRequest.builder(type)
                .item(item)
                .conditionExpression(SingleTable.ITEM_IS_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    /** Whether this reason is the condition failing on {@code item}'s key: the e-mail claim is found by its key, not its position. */
    private static boolean failedOn(CancellationReason reason, EmailItem item) {
        if (!"ConditionalCheckFailed".equals(reason.code()) || !reason.hasItem()) {
            return false;
        }
        AttributeValue pk = reason.item().get(SingleTable.PK);
        AttributeValue sk = reason.item().get(SingleTable.SK);
        return pk != null && sk != null && item.pk().equals(pk.s()) && item.sk().equals(sk.s());
    }

    @Override
    public Optional<Credentials> findCredentials(Email email) {
        EmailItem item = emails.getItem(Key.builder()
                .partitionValue(SingleTable.emailKey(email.value()))
                .sortValue(SingleTable.EMAIL)
                .build());
        return Optional.ofNullable(item).map(EmailItem::credentials);
    }

    @Override
    public Optional<UserProfile> profile(String userId, long nowEpochSeconds) {
        List<Map<String, AttributeValue>> items = dynamo.query(q -> q.tableName(tableName)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", SingleTable.PK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(SingleTable.userKey(userId)))))
                .items();
        return collection.read(items, Instant.ofEpochSecond(nowEpochSeconds));
    }

    @Override
    public long rename(String userId, DisplayName name, long expectedVersion) {
        try {
            Map<String, AttributeValue> updated = dynamo.updateItem(u -> u.tableName(tableName)
                            .key(Map.of(
                                    SingleTable.PK,
                                    AttributeValue.fromS(SingleTable.userKey(userId)),
                                    SingleTable.SK,
                                    AttributeValue.fromS(SingleTable.PROFILE)))
                            .updateExpression("SET #name = :name, #version = #version + :one")
                            .conditionExpression("attribute_exists(#pk) AND #version = :expected")
                            .expressionAttributeNames(Map.of(
                                    "#name", ProfileItem.NAME, "#version", ProfileItem.VERSION, "#pk", SingleTable.PK))
                            .expressionAttributeValues(Map.of(
                                    ":name", AttributeValue.fromS(name.value()),
                                    ":one", AttributeValue.fromN("1"),
                                    ":expected", AttributeValue.fromN(Long.toString(expectedVersion))))
                            .returnValues(ReturnValue.UPDATED_NEW)
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))
                    .attributes();
            return Long.parseLong(updated.get(ProfileItem.VERSION).n());
        } catch (ConditionalCheckFailedException e) {
            throw e.hasItem() && !e.item().isEmpty() ? UserErrors.versionConflict() : UserErrors.accountGone();
        }
    }

    @Override
    public Optional<RoleChange> changeRole(String userId, Role role, boolean grant, Actor actor, Instant at) {
        return changeRole(
                () -> Optional.ofNullable(
                                profiles.getItem(r -> r.key(profileKey(userId)).consistentRead(true)))
                        .map(p -> new StoredRoles(p.userId(), new Email(p.email()), Role.fromJoined(p.roles()))),
                role,
                grant,
                actor,
                at);
    }

    @Override
    public Optional<RoleChange> changeRole(Email email, Role role, boolean grant, Actor actor, Instant at) {
        Key key = Key.builder()
                .partitionValue(SingleTable.emailKey(email.value()))
                .sortValue(SingleTable.EMAIL)
                .build();
        return changeRole(
                () -> Optional.ofNullable(emails.getItem(r -> r.key(key).consistentRead(true)))
                        .map(e -> new StoredRoles(e.userId(), email, Role.fromJoined(e.roles()))),
                role,
                grant,
                actor,
                at);
    }

    private record StoredRoles(String userId, Email email, Set<Role> roles) {}

    /**
     * Read, then one {@code TransactWriteItems}: the profile's and the e-mail claim's roles, each on the
     * condition that they are still what was read, and the audit record. A concurrent change cancels
     * it; it then reads again.
     */
    private Optional<RoleChange> changeRole(
            Supplier<Optional<StoredRoles>> read, Role role, boolean grant, Actor actor, Instant at) {
        for (int attempt = 1; ; attempt++) {
            Optional<StoredRoles> found = read.get();
            if (found.isEmpty()) {
                return Optional.empty();
            }
            StoredRoles stored = found.get();
            Set<Role> after = stored.roles().isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(stored.roles());
            if (grant) {
                after.add(role);
            } else {
                after.remove(role);
            }
            RoleChange change = new RoleChange(stored.userId(), stored.email(), stored.roles(), after);
            if (!change.changed()) {
                return Optional.of(change);
            }
            String when = at.truncatedTo(ChronoUnit.MILLIS).toString();
            RoleChangeItem audit = RoleChangeItem.of(
                    stored.userId(),
                    role.wireName(),
                    grant,
                    actor.describe(),
                    when,
                    UUID.randomUUID().toString());
            try {
                dynamo.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder()
                                .update(setRoles(profileKey(stored.userId()).primaryKeyMap(ProfileItem.SCHEMA), change))
                                .build(),
                        TransactWriteItem.builder()
                                .update(setRoles(
                                        Map.of(
                                                SingleTable.PK,
                                                        AttributeValue.fromS(SingleTable.emailKey(
                                                                stored.email().value())),
                                                SingleTable.SK, AttributeValue.fromS(SingleTable.EMAIL)),
                                        change))
                                .build(),
                        TransactWriteItem.builder()
                                .put(Put.builder()
                                        .tableName(tableName)
                                        .item(RoleChangeItem.SCHEMA.itemToMap(audit, true))
                                        .conditionExpression(SingleTable.ITEM_IS_NEW.expression())
                                        .build())
                                .build()));
                return Optional.of(change);
            } catch (TransactionCanceledException e) {
                if (attempt == TRANSACTION_ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    /** The roles of one item set to {@code change.after()}, if the item exists and still holds {@code change.before()}. */
    private Update setRoles(Map<String, AttributeValue> key, RoleChange change) {
        Map<String, String> names = new HashMap<>(Map.of("#pk", SingleTable.PK, "#roles", ProfileItem.ROLES));
        Map<String, AttributeValue> values = new HashMap<>();
        String after = Role.joined(change.after());
        String update = after == null ? "REMOVE #roles" : "SET #roles = :after";
        if (after != null) {
            values.put(":after", AttributeValue.fromS(after));
        }
        String condition = "attribute_exists(#pk) AND " + rolesAre(change.before(), values);
        return Update.builder()
                .tableName(tableName)
                .key(key)
                .updateExpression(update)
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values.isEmpty() ? null : values)
                .build();
    }

    /** A condition that {@code #roles} holds exactly {@code roles}; adds the value it needs to {@code values}. */
    private static String rolesAre(Set<Role> roles, Map<String, AttributeValue> values) {
        String joined = Role.joined(roles);
        if (joined == null) {
            return "attribute_not_exists(#roles)";
        }
        values.put(":before", AttributeValue.fromS(joined));
        return "#roles = :before";
    }

    @Override
    public Optional<User> find(String userId) {
        return Optional.ofNullable(
                        profiles.getItem(r -> r.key(profileKey(userId)).consistentRead(true)))
                .map(ProfileItem::toUser);
    }

    /** One {@code TransactWriteItems}: both items' hash, each on condition it is still the one the caller verified against. */
    @Override
    public boolean changePasswordHash(User user, String newHash) {
        Map<String, AttributeValue> values = Map.of(
                ":old",
                AttributeValue.fromS(user.passwordHash()),
                ":new",
                AttributeValue.fromS(newHash),
                ":user",
                AttributeValue.fromS(user.userId()));
        Map<String, String> names = Map.of("#hash", ProfileItem.PASSWORD_HASH, "#user", "userId");
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder()
                            .update(Update.builder()
                                    .tableName(tableName)
                                    .key(profileKey(user.userId()).primaryKeyMap(ProfileItem.SCHEMA))
                                    .updateExpression("SET #hash = :new")
                                    .conditionExpression("#user = :user AND #hash = :old")
                                    .expressionAttributeNames(names)
                                    .expressionAttributeValues(values)
                                    .build())
                            .build(),
                    TransactWriteItem.builder()
                            .update(Update.builder()
                                    .tableName(tableName)
                                    .key(Map.of(
                                            SingleTable.PK,
                                            AttributeValue.fromS(SingleTable.emailKey(
                                                    user.email().value())),
                                            SingleTable.SK,
                                            AttributeValue.fromS(SingleTable.EMAIL)))
                                    .updateExpression("SET #hash = :new")
                                    .conditionExpression("#user = :user AND #hash = :old")
                                    .expressionAttributeNames(names)
                                    .expressionAttributeValues(values)
                                    .build())
                            .build()));
            return true;
        } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                return false;
            }
            throw e;
        }
    }

    /** One {@code TransactWriteItems} after a consistent read of the profile (for the e-mail claim's key). */
    @Override
    public boolean removeAccount(String userId) {
        ProfileItem stored = profiles.getItem(r -> r.key(profileKey(userId)).consistentRead(true));
        if (stored == null) {
            return false;
        }
        Delete profile = Delete.builder()
                .tableName(tableName)
                .key(profileKey(userId).primaryKeyMap(ProfileItem.SCHEMA))
                .conditionExpression("attribute_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", SingleTable.PK))
                .build();
        Delete claim = Delete.builder()
                .tableName(tableName)
                .key(Map.of(
                        SingleTable.PK, AttributeValue.fromS(SingleTable.emailKey(stored.email())),
                        SingleTable.SK, AttributeValue.fromS(SingleTable.EMAIL)))
                .conditionExpression("attribute_not_exists(#pk) OR #user = :user")
                .expressionAttributeNames(Map.of("#pk", SingleTable.PK, "#user", "userId"))
                .expressionAttributeValues(Map.of(":user", AttributeValue.fromS(userId)))
                .build();
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().delete(profile).build(),
                    TransactWriteItem.builder().delete(claim).build()));
            return true;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (!reasons.isEmpty()
                    && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                // A concurrent removal came first.
                return false;
            }
            throw e;
        }
    }

    private static Key profileKey(String userId) {
        return Key.builder()
                .partitionValue(SingleTable.userKey(userId))
                .sortValue(SingleTable.PROFILE)
                .build();
    }

    private static void pause(int attempt) {
        try {
            // Jitter from the process's generator, renewed after a SnapStart restore (Entropy), so restored copies do
            // not retry in step.
            Thread.sleep(10L * attempt + Entropy.random().nextInt(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
