package dev.polystack.account;

import dev.polystack.session.InMemorySessions;
import dev.polystack.user.InMemoryUsers;

/** The erasure fake keeps the account store's contract. */
class InMemoryAccountContractTest extends AccountStoreContract {
    private final InMemoryAccount store = new InMemoryAccount(new InMemoryUsers(), new InMemorySessions());

    @Override
    protected AccountStore store() {
        return store;
    }
}
