package dev.polystack.user;

/** What a login needs: whose account an e-mail belongs to, and its password hash. */
public record Credentials(String userId, String passwordHash) {
}
