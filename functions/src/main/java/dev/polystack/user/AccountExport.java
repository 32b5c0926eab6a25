package dev.polystack.user;

import dev.polystack.shared.Role;
import java.util.List;

/**
 * Everything the system holds about one user, as they download it: the profile (never the password
 * hash or a store's keys), their orders from PostgreSQL and the metadata of their uploads (never the
 * bytes, which they can fetch themselves).
 */
public record AccountExport(String exportedAt, Profile profile, List<Order> orders, List<Upload> uploads) {
    public AccountExport {
        orders = List.copyOf(orders);
        uploads = List.copyOf(uploads);
    }

    public record Profile(String userId, String email, String name, List<String> roles, String createdAt) {
        static Profile of(User user) {
            return new Profile(
                    user.userId(),
                    user.email().value(),
                    user.name().value(),
                    user.roles().stream().map(Role::wireName).sorted().toList(),
                    user.createdAt().toString());
        }
    }

    public record Order(String orderId, String status, long totalCents, List<Item> items, String createdAt) {
        public record Item(String productId, String sku, int quantity, long unitPriceCents) {}
    }

    public record Upload(
            String uploadId,
            String fileName,
            String contentType,
            long contentLength,
            String status,
            String rejectionReason,
            String createdAt) {}
}
