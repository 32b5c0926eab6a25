package dev.polystack.lake;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The secrets fake the lake's delivery tests use keeps the customer secrets' contract. */
class InMemoryCustomerSecretsContractTest extends CustomerSecretsContract {
    private final Set<String> profiles = ConcurrentHashMap.newKeySet();
    private final InMemoryCustomerSecrets secrets = new InMemoryCustomerSecrets(profiles::contains);

    @Override
    protected CustomerSecrets secrets() {
        return secrets;
    }

    @Override
    protected void openAccount(String userId) {
        profiles.add(userId);
    }

    @Override
    protected void removeProfile(String userId) {
        profiles.remove(userId);
    }

    @Override
    protected void deleteItems(String userId) {
        secrets.destroy(userId);
    }
}
