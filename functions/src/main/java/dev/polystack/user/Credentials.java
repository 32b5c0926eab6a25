package dev.polystack.user;

import dev.polystack.shared.Role;
import java.util.Set;

/** What a login needs: whose account an e-mail belongs to, its password hash, and the roles the session will carry. */
public record Credentials(String userId, String passwordHash, Set<Role> roles) {
    public Credentials {
        roles = Set.copyOf(roles);
    }

    public Credentials(String userId, String passwordHash) {
        this(userId, passwordHash, Set.of());
    }
}
