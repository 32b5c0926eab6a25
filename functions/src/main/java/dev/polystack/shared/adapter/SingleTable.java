package dev.polystack.shared.adapter;

import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The one DynamoDB table: its physical design and every key builder, in one place.
 *
 * <p>Access patterns, written before the keys (docs/data-model.md#access-patterns):
 * <pre>
 * pattern                                   key condition                              call
 * sign up (profile + e-mail uniqueness)     USER#id/PROFILE + EMAIL#email/EMAIL        TransactWriteItems
 * log in: credentials by e-mail             EMAIL#email / EMAIL                        GetItem
 * check a session token                     SESSION#sha256(token) / SESSION            GetItem (consistent)
 * a user's profile, orders and uploads      PK = USER#id                               Query (one item collection)
 * rename with optimistic locking            USER#id / PROFILE, version = :expected     UpdateItem
 * an upload's record                        USER#id / UPLOAD#uploadId                  GetItem / UpdateItem
 * a product image's upload record           PRODUCT#productId / UPLOAD#uploadId        PutItem / GetItem / UpdateItem
 * a user's uploads, newest first            PK = USER#id, SK begins_with UPLOAD#       Query
 * a user's orders, newest first             PK = USER#id, SK begins_with ORDER#        Query (descending)
 * project an order change (newer version,   USER#id/PROFILE exists + USER#id/ORDER#…,  TransactWriteItems (ConditionCheck + Put)
 *   owner's profile still there)              version < :new
 * count attempts (logins, sign-ups)         LIMIT#name#subject / WINDOW#start          UpdateItem / TransactWriteItems (conditional ADD)
 * log in: session + pointer, roles unchanged SESSION#hash/SESSION + USER#id/SESSION#hash  TransactWriteItems (with the attempt given back)
 * a user's sessions (to change their roles)  PK = USER#id, SK begins_with SESSION#      Query (consistent) + UpdateItem per session
 * change a role (profile, e-mail, audit)     USER#id/PROFILE + EMAIL#email/EMAIL + USER#id/ROLECHANGE#at#id  TransactWriteItems
 * accept an erasure (job, refuse logins)     ERASURE/JOB#id + delete USER#id/PROFILE and EMAIL#email/EMAIL  TransactWriteItems
 * pending erasures (scheduled pickup)        PK = ERASURE                               Query (consistent)
 * erase a user's items                        PK = USER#id (consistent), then each key   Query + DeleteItem
 * </pre>
 * Sessions and pending uploads carry {@code expiresAt} (epoch seconds), the table's TTL attribute;
 * DynamoDB deletes expired items late (DynamoDB Local never), so every read checks it too.
 *
 * <p>Each item is a record with its own {@link ItemSchema}, next to the adapter that writes it:
 * {@code ProfileItem} and {@code EmailItem} (user), {@code SessionItem} (session),
 * {@code OrderSummaryItem} (order), {@code UploadItem} (upload), {@code SessionPointerItem} (session),
 * {@code RoleChangeItem} (user).
 */
public final class SingleTable {
    public static final String PK = "PK";
    public static final String SK = "SK";
    /** Which kind of item this is, so a Query over a mixed item collection can map each item. */
    public static final String TYPE = "type";

    public static final String TTL_ATTRIBUTE = "expiresAt";

    public static final String PROFILE = "PROFILE";
    public static final String EMAIL = "EMAIL";
    public static final String SESSION = "SESSION";
    public static final String UPLOAD_PREFIX = "UPLOAD#";
    public static final String ORDER_PREFIX = "ORDER#";
    /** In a user's partition: one pointer per session, so a role change finds the user's sessions. */
    public static final String SESSION_PREFIX = "SESSION#";

    public static final String ROLE_CHANGE_PREFIX = "ROLECHANGE#";
    private static final String USER_PREFIX = "USER#";
    /** One fixed partition holds every pending erasure job, so the pickup finds them with one Query. */
    public static final String ERASURE_JOBS = "ERASURE";

    /** The condition of a put that must not overwrite: no item has this key yet. */
    public static final Expression ITEM_IS_NEW =
            Expression.builder().expression("attribute_not_exists(" + PK + ")").build();

    private SingleTable() {}

    public static String userKey(String userId) {
        return USER_PREFIX + userId;
    }

    /** The user id in a {@code USER#<userId>} partition key. */
    public static String userIdOf(String userKey) {
        if (userKey == null || !userKey.startsWith(USER_PREFIX)) {
            throw new IllegalArgumentException("not a user partition key: " + userKey);
        }
        return userKey.substring(USER_PREFIX.length());
    }

    /** A product's partition: the records of its image uploads. */
    public static String productKey(String productId) {
        return "PRODUCT#" + productId;
    }

    public static String emailKey(String normalisedEmail) {
        return "EMAIL#" + normalisedEmail;
    }

    public static String sessionKey(String tokenHash) {
        return SESSION_PREFIX + tokenHash;
    }

    /** The sort key of a session's pointer in its user's partition. */
    public static String sessionPointerSortKey(String tokenHash) {
        return SESSION_PREFIX + tokenHash;
    }

    /** Sorts a user's role changes by time (ISO-8601 UTC sorts as text), ties broken by a random id. */
    public static String roleChangeSortKey(String at, String changeId) {
        return ROLE_CHANGE_PREFIX + at + "#" + changeId;
    }

    /** Attempt counters: one partition per kind and subject, one item per fixed window. */
    public static String limitKey(String name, String subject) {
        return "LIMIT#" + name + "#" + subject;
    }

    public static String windowSortKey(long windowStartEpochSeconds) {
        return "WINDOW#" + windowStartEpochSeconds;
    }

    public static String uploadSortKey(String uploadId) {
        return UPLOAD_PREFIX + uploadId;
    }

    /** Sorts a user's orders by creation time (ISO-8601 UTC sorts as text), ties broken by id. */
    public static String orderSortKey(String createdAt, String orderId) {
        return ORDER_PREFIX + createdAt + "#" + orderId;
    }

    /** An erasure job's sort key in {@link #ERASURE_JOBS}: one job per user. */
    public static String erasureJobSortKey(String userId) {
        return "JOB#" + userId;
    }

    public static CreateTableRequest createRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder()
                                .attributeName(PK)
                                .attributeType(ScalarAttributeType.S)
                                .build(),
                        AttributeDefinition.builder()
                                .attributeName(SK)
                                .attributeType(ScalarAttributeType.S)
                                .build())
                .keySchema(
                        KeySchemaElement.builder()
                                .attributeName(PK)
                                .keyType(KeyType.HASH)
                                .build(),
                        KeySchemaElement.builder()
                                .attributeName(SK)
                                .keyType(KeyType.RANGE)
                                .build())
                .build();
    }
}
