package dev.polystack.lake;

import dev.polystack.shared.Entropy;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The lake's per-user secrets in memory, for the fast tier ({@code CustomerSecretsContract} holds it to
 * {@code DynamoCustomerSecrets}): made on first use while the account exists, kept until the erasure
 * deletes the user's items ({@link #destroy}), never made again for an account that is gone.
 */
public final class InMemoryCustomerSecrets implements CustomerSecrets {
    static final int SECRET_BYTES = 32;

    private final Predicate<String> accountExists;
    private final Map<String, byte[]> secrets = new ConcurrentHashMap<>();

    /** {@code accountExists}: whether the user's profile is stored (the adapter's ConditionCheck). */
    public InMemoryCustomerSecrets(Predicate<String> accountExists) {
        this.accountExists = accountExists;
    }

    @Override
    public Optional<byte[]> secretOf(String userId) {
        byte[] stored = secrets.get(userId);
        if (stored == null) {
            if (!accountExists.test(userId)) {
                return Optional.empty();
            }
            stored = secrets.computeIfAbsent(userId, id -> Entropy.bytes(SECRET_BYTES));
        }
        return Optional.of(stored.clone());
    }

    /** The erasure deletes every item of the user's partition: the secret goes with them. */
    public void destroy(String userId) {
        secrets.remove(userId);
    }
}
