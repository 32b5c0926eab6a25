package dev.polystack.shared.adapter;

import dev.polystack.shared.Role;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;

/**
 * A condition on the user context's profile item for another context's transaction: the session
 * store adds it to a login's write, so a session never keeps roles that a concurrent change replaced.
 * The user context builds it, so no other context spells its attributes.
 */
@FunctionalInterface
public interface RolesGuard {
    /** Holds while the user's profile exists and its stored roles are exactly {@code roles}. */
    ConditionCheck rolesStillAre(String userId, Set<Role> roles);
}
