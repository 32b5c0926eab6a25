package dev.polystack.user;

import java.util.List;

/** A user's own view: the profile and the item collection stored beside it. */
public record UserProfile(User user, List<RecentOrder> recentOrders, List<PendingUpload> pendingUploads) {
    public record RecentOrder(String orderId, String status, long totalCents, int itemCount, String createdAt) {}

    public record PendingUpload(
            String uploadId, String fileName, String contentType, long contentLength, String createdAt) {}
}
