package dev.polystack.user;

import java.time.Instant;

/** A registered user. {@code version} increases with every change, for optimistic locking. */
public record User(String userId, Email email, DisplayName name, String passwordHash, Instant createdAt, long version) {
}
