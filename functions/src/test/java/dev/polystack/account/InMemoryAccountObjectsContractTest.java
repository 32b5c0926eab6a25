package dev.polystack.account;

import dev.polystack.session.InMemorySessions;
import dev.polystack.user.InMemoryUsers;

/** The erasure fake's bucket keeps the account objects' contract. */
class InMemoryAccountObjectsContractTest extends AccountObjectsContract {
    private final InMemoryAccount account = new InMemoryAccount(new InMemoryUsers(), new InMemorySessions());

    @Override
    protected AccountObjects objects() {
        return account;
    }

    @Override
    protected void store(String key) {
        account.objects.add(key);
    }

    @Override
    protected boolean exists(String key) {
        return account.objects.contains(key);
    }
}
