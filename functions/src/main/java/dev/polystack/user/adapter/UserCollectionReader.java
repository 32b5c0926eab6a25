package dev.polystack.user.adapter;

import dev.polystack.order.OrderSummary;
import dev.polystack.shared.adapter.ItemMapper;
import dev.polystack.shared.adapter.ItemSchema;
import dev.polystack.upload.Upload;
import dev.polystack.user.UserProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps the mixed items of one user's partition by their {@code type}: the profile with its own
 * schema, order summaries and upload records through the mappers their contexts supply, so this
 * context never decodes their attributes. The Enhanced Client maps a Query to one item class only
 * (aws-sdk-java-v2 #1870), so the profile route reads the partition with the low-level client and
 * dispatches here.
 */
final class UserCollectionReader {
    static final int RECENT_ORDERS = 5;
    private static final Comparator<OrderSummary> NEWEST_FIRST = Comparator.comparing(OrderSummary::createdAt)
            .thenComparing(OrderSummary::orderId)
            .reversed();

    private final ItemMapper<OrderSummary> orders;
    private final ItemMapper<Upload> uploads;

    UserCollectionReader(ItemMapper<OrderSummary> orders, ItemMapper<Upload> uploads) {
        this.orders = orders;
        this.uploads = uploads;
    }

    Optional<UserProfile> read(List<Map<String, AttributeValue>> items, Instant now) {
        ProfileItem profile = null;
        List<OrderSummary> summaries = new ArrayList<>();
        List<Upload> pending = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            String type = ItemSchema.typeOf(item);
            if (ProfileItem.TYPE.equals(type)) {
                profile = ProfileItem.SCHEMA.mapToItem(item);
            } else if (orders.type().equals(type)) {
                summaries.add(orders.map(item));
            } else if (uploads.type().equals(type)) {
                Upload upload = uploads.map(item);
                if (upload.pendingAt(now)) {
                    pending.add(upload);
                }
            }
        }
        if (profile == null) {
            return Optional.empty();
        }
        List<UserProfile.RecentOrder> recent = summaries.stream()
                .sorted(NEWEST_FIRST)
                .limit(RECENT_ORDERS)
                .map(s -> new UserProfile.RecentOrder(
                        s.orderId(), s.status(), s.totalCents(), s.itemCount(), s.createdAt()))
                .toList();
        List<UserProfile.PendingUpload> uploadsShown = pending.stream()
                .sorted(Comparator.comparing(Upload::createdAt).reversed())
                .map(u -> new UserProfile.PendingUpload(
                        u.uploadId(),
                        u.fileName(),
                        u.contentType(),
                        u.contentLength(),
                        u.createdAt().toString()))
                .toList();
        return Optional.of(new UserProfile(profile.toUser(), recent, uploadsShown));
    }
}
