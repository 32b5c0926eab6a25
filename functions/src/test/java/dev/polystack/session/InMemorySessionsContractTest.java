package dev.polystack.session;

/** The session fake keeps the session port's contract. */
class InMemorySessionsContractTest extends SessionStoreContract {
    private final InMemorySessions sessions = new InMemorySessions();

    @Override
    protected SessionStore sessions() {
        return sessions;
    }
}
