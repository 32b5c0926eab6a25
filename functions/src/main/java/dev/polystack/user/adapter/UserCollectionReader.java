package dev.polystack.user.adapter;

import dev.polystack.shared.adapter.SingleTable;
import dev.polystack.user.DisplayName;
import dev.polystack.user.Email;
import dev.polystack.user.User;
import dev.polystack.user.UserProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps the mixed items of one user's partition by their {@code type} attribute. The Enhanced
 * Client maps a Query to one item class only (aws-sdk-java-v2 #1870), so the profile route reads
 * the partition with the low-level client and dispatches here.
 */
final class UserCollectionReader {
    static final String ORDER_SUMMARY_TYPE = "ORDER_SUMMARY";
    static final String UPLOAD_TYPE = "UPLOAD";
    static final int RECENT_ORDERS = 5;

    private UserCollectionReader() {
    }

    static Optional<UserProfile> read(List<Map<String, AttributeValue>> items, long nowEpochSeconds) {
        ProfileItem profile = null;
        List<Map<String, AttributeValue>> orders = new ArrayList<>();
        List<UserProfile.PendingUpload> uploads = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            String type = text(item, SingleTable.TYPE);
            if (ProfileItem.TYPE.equals(type)) {
                profile = ProfileItem.SCHEMA.mapToItem(item);
            } else if (ORDER_SUMMARY_TYPE.equals(type)) {
                orders.add(item);
            } else if (UPLOAD_TYPE.equals(type) && "PENDING".equals(text(item, "status")) && number(item, SingleTable.TTL_ATTRIBUTE) > nowEpochSeconds) {
                uploads.add(new UserProfile.PendingUpload(text(item, "uploadId"), text(item, "fileName"),
                        text(item, "contentType"), number(item, "contentLength"), text(item, "createdAt")));
            }
        }
        if (profile == null) {
            return Optional.empty();
        }
        List<UserProfile.RecentOrder> recent = orders.stream()
                .sorted(Comparator.comparing((Map<String, AttributeValue> item) -> text(item, SingleTable.SK)).reversed())
                .limit(RECENT_ORDERS)
                .map(item -> new UserProfile.RecentOrder(text(item, "orderId"), text(item, "status"),
                        number(item, "totalCents"), (int) number(item, "itemCount"), text(item, "createdAt")))
                .toList();
        uploads.sort(Comparator.comparing(UserProfile.PendingUpload::createdAt).reversed());
        return Optional.of(new UserProfile(toUser(profile), recent, List.copyOf(uploads)));
    }

    static User toUser(ProfileItem item) {
        return new User(item.getUserId(), new Email(item.getEmail()), new DisplayName(item.getName()), item.getPasswordHash(),
                Instant.parse(item.getCreatedAt()), item.getVersion());
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }
}
