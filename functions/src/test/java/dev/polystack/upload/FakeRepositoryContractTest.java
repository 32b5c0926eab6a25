package dev.polystack.upload;

/** The upload records' fake ({@code UploadHandlersTest.FakeRepository}) keeps its port's contract. */
class FakeRepositoryContractTest extends UploadRepositoryContract {
    private final UploadHandlersTest.FakeRepository uploads = new UploadHandlersTest.FakeRepository();

    @Override
    protected UploadRepository uploads() {
        return uploads;
    }
}
