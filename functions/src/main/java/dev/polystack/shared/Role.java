package dev.polystack.shared;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a user may do beyond their own data. Stored with the profile, copied into each session at
 * login, and handed to the functions by the authorizer, all in one text form: the names, sorted,
 * comma-separated ({@link #joined}), absent for none.
 */
public enum Role {
    /** Manages the catalogue and grants and revokes roles. */
    ADMIN;

    /** The role's name in the API, in stored items and in the authorizer context. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A role named by a client or an operator; 400 INVALID_ROLE for any other text. */
    public static Role parse(String name) {
        return Arrays.stream(values())
                .filter(role -> role.wireName().equals(name))
                .findFirst()
                .orElseThrow(() -> AccessErrors.invalidRole(
                        Arrays.stream(values()).map(Role::wireName).toList()));
    }

    /** The stored form: names sorted and comma-separated; null for no roles (the attribute is then absent). */
    public static String joined(Set<Role> roles) {
        return roles.isEmpty()
                ? null
                : roles.stream().map(Role::wireName).sorted().collect(Collectors.joining(","));
    }

    /** The roles in a stored form; names this code does not know (written by a newer version) are ignored. */
    public static Set<Role> fromJoined(String joined) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (joined == null || joined.isBlank()) {
            return roles;
        }
        for (String name : joined.split(",")) {
            Arrays.stream(values())
                    .filter(role -> role.wireName().equals(name.strip()))
                    .forEach(roles::add);
        }
        return roles;
    }
}
