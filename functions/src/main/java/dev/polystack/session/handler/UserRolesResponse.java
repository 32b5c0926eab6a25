package dev.polystack.session.handler;

import dev.polystack.session.RoleService;
import dev.polystack.shared.Role;
import java.util.List;
import java.util.Set;

/** What a role change answers: the user and the roles they now have. */
record UserRolesResponse(String userId, List<String> roles) {
    static UserRolesResponse of(RoleService.Result result) {
        return new UserRolesResponse(
                result.change().userId(), names(result.change().after()));
    }

    static List<String> names(Set<Role> roles) {
        return roles.stream().map(Role::wireName).sorted().toList();
    }
}
