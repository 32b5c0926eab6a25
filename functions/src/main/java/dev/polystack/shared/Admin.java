package dev.polystack.shared;

/**
 * A caller whose session holds the admin role. Only {@link Caller#asAdmin()} makes one, so a use case
 * that takes an {@code Admin} cannot be reached by anyone else: the compiler keeps the check.
 */
public final class Admin implements Actor {
    private final String userId;

    Admin(String userId) {
        this.userId = userId;
    }

    public String userId() {
        return userId;
    }

    @Override
    public String describe() {
        return "user:" + userId;
    }

    @Override
    public String toString() {
        return describe();
    }
}
