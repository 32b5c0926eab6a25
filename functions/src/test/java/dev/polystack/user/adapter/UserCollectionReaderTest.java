package dev.polystack.user.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.order.OrderSummary;
import dev.polystack.order.adapter.DynamoOrderReadModel;
import dev.polystack.order.adapter.OrderSummaryItemTest;
import dev.polystack.upload.Upload;
import dev.polystack.upload.UploadMethod;
import dev.polystack.upload.UploadStatus;
import dev.polystack.upload.adapter.DynamoUploadRepository;
import dev.polystack.upload.adapter.UploadItemTest;
import dev.polystack.user.UserProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The profile read over a user's whole partition, with items written by their owning contexts'
 * schemas and read through the mappers those contexts give the composition root.
 */
class UserCollectionReaderTest {
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    static final String USER = UserItemsTest.ADA.userId();
    final UserCollectionReader reader =
            new UserCollectionReader(DynamoOrderReadModel.ITEMS, DynamoUploadRepository.ITEMS);

    static OrderSummary order(int day) {
        return new OrderSummary(
                USER,
                "00000000-0000-4000-8000-00000000000" + day,
                "CONFIRMED",
                100L * day,
                day,
                "2026-11-0" + day + "T10:00:00.000Z");
    }

    static Upload upload(String id, UploadStatus status, Instant createdAt, Instant expiresAt) {
        String uploadId = "019aa7c2f3e8b5d1c2a3f4e" + id;
        return new Upload(
                USER,
                uploadId,
                Upload.keyFor(USER, uploadId),
                "file-" + id + ".png",
                "image/png",
                9,
                null,
                UploadMethod.PUT,
                status,
                null,
                createdAt,
                expiresAt);
    }

    static List<Map<String, AttributeValue>> partition(List<Map<String, AttributeValue>> items) {
        List<Map<String, AttributeValue>> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, new Random(12));
        return shuffled;
    }

    @Test
    void theProfileShowsTheFiveNewestOrdersAndOnlyPendingUploadsThatHaveNotExpired() {
        Upload older = upload("1", UploadStatus.PENDING, NOW.minusSeconds(120), NOW.plusSeconds(600));
        Upload newer = upload("2", UploadStatus.PENDING, NOW.minusSeconds(60), NOW.plusSeconds(600));
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        items.add(ProfileItem.SCHEMA.itemToMap(ProfileItem.of(UserItemsTest.ADA), true));
        for (int day = 1; day <= 7; day++) {
            items.add(OrderSummaryItemTest.item(order(day)));
        }
        items.add(UploadItemTest.item(older));
        items.add(UploadItemTest.item(newer));
        items.add(UploadItemTest.item(upload("3", UploadStatus.PENDING, NOW.minusSeconds(900), NOW)));
        items.add(UploadItemTest.item(upload("4", UploadStatus.AVAILABLE, NOW.minusSeconds(30), null)));

        UserProfile profile = reader.read(partition(items), NOW).orElseThrow();

        assertEquals(UserItemsTest.ADA, profile.user());
        assertEquals(
                List.of(
                        order(7).orderId(),
                        order(6).orderId(),
                        order(5).orderId(),
                        order(4).orderId(),
                        order(3).orderId()),
                profile.recentOrders().stream()
                        .map(UserProfile.RecentOrder::orderId)
                        .toList());
        assertEquals(
                new UserProfile.RecentOrder(order(7).orderId(), "CONFIRMED", 700, 7, "2026-11-07T10:00:00.000Z"),
                profile.recentOrders().get(0));
        assertEquals(
                List.of(
                        new UserProfile.PendingUpload(
                                newer.uploadId(),
                                "file-2.png",
                                "image/png",
                                9,
                                newer.createdAt().toString()),
                        new UserProfile.PendingUpload(
                                older.uploadId(),
                                "file-1.png",
                                "image/png",
                                9,
                                older.createdAt().toString())),
                profile.pendingUploads());
    }

    @Test
    void withoutAProfileItemThereIsNoProfileWhateverElseThePartitionHolds() {
        List<Map<String, AttributeValue>> items = List.of(
                OrderSummaryItemTest.item(order(1)),
                UploadItemTest.item(upload("1", UploadStatus.PENDING, NOW, NOW.plusSeconds(60))));
        assertTrue(reader.read(items, NOW).isEmpty());
    }

    @Test
    void itemsOfAKindTheProfileDoesNotShowAreSkipped() {
        Map<String, AttributeValue> unknown = Map.of(
                "PK",
                AttributeValue.fromS("USER#" + USER),
                "SK",
                AttributeValue.fromS("NOTE#1"),
                "type",
                AttributeValue.fromS("NOTE"));
        List<Map<String, AttributeValue>> items =
                List.of(ProfileItem.SCHEMA.itemToMap(ProfileItem.of(UserItemsTest.ADA), true), unknown);
        UserProfile profile = reader.read(items, NOW).orElseThrow();
        assertEquals(List.of(), profile.recentOrders());
        assertEquals(List.of(), profile.pendingUploads());
    }
}
