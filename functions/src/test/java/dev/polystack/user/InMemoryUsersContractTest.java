package dev.polystack.user;

/** The user fake keeps the user port's contract. */
class InMemoryUsersContractTest extends UserRepositoryContract {
    private final InMemoryUsers users = new InMemoryUsers();

    @Override
    protected UserRepository users() {
        return users;
    }
}
