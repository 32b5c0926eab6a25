package dev.polystack.order;

/** The order read model's fake ({@code OrderHandlersTest.FakeReadModel}) keeps its port's contract. */
class FakeReadModelContractTest extends OrderReadModelContract {
    private final OrderHandlersTest.FakeReadModel readModel = new OrderHandlersTest.FakeReadModel();

    @Override
    protected OrderReadModel readModel() {
        return readModel;
    }

    /** The fake counts every user as having a profile until erased. */
    @Override
    protected void givenAccount(String userId) {}

    @Override
    protected void eraseAccount(String userId) {
        readModel.erased.add(userId);
    }
}
