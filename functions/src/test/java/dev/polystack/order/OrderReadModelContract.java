package dev.polystack.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link OrderReadModel} does: the fake ({@code FakeReadModelContractTest}) and the DynamoDB
 * adapter on DynamoDB Local ({@code DynamoOrderReadModelContractIT}).
 */
public abstract class OrderReadModelContract {
    protected abstract OrderReadModel readModel();

    /** Makes {@code userId} a user with a profile (the projection writes only while there is one). */
    protected abstract void givenAccount(String userId);

    /** Erases {@code userId}'s profile. */
    protected abstract void eraseAccount(String userId);

    final String userId = UUID.randomUUID().toString();
    final Instant placed = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    OrderSummary summary(String orderId, Instant createdAt, String status, long version) {
        return new OrderSummary(userId, orderId, status, 1234, 2, createdAt.toString(), version);
    }

    @Test
    public void aSummaryIsReplacedOnlyByAHigherVersion() {
        givenAccount(userId);
        String orderId = UUID.randomUUID().toString();
        assertEquals(OrderReadModel.Projection.WRITTEN, readModel().project(summary(orderId, placed, "PLACED", 1)));
        assertEquals(
                OrderReadModel.Projection.ALREADY_NEWER,
                readModel().project(summary(orderId, placed, "PLACED", 1)),
                "a repeat");
        assertEquals(OrderReadModel.Projection.WRITTEN, readModel().project(summary(orderId, placed, "SHIPPED", 3)));
        assertEquals(
                OrderReadModel.Projection.ALREADY_NEWER,
                readModel().project(summary(orderId, placed, "PAID", 2)),
                "late");
        List<OrderSummary> listed =
                readModel().list(userId, 10, Optional.empty()).items();
        assertEquals(1, listed.size());
        assertEquals("SHIPPED", listed.get(0).status());
        assertEquals(3, listed.get(0).version());
    }

    @Test
    public void nothingIsProjectedForAnErasedAccount() {
        givenAccount(userId);
        eraseAccount(userId);
        assertEquals(
                OrderReadModel.Projection.ACCOUNT_GONE,
                readModel().project(summary(UUID.randomUUID().toString(), placed, "PLACED", 1)));
        assertTrue(readModel().list(userId, 10, Optional.empty()).items().isEmpty());
    }

    @Test
    public void aUsersOrdersAreListedNewestFirstOnePageAtATime() {
        givenAccount(userId);
        OrderSummary oldest = summary(UUID.randomUUID().toString(), placed, "PLACED", 1);
        OrderSummary middle = summary(UUID.randomUUID().toString(), placed.plusSeconds(1), "PLACED", 1);
        OrderSummary newest = summary(UUID.randomUUID().toString(), placed.plusSeconds(2), "PLACED", 1);
        for (OrderSummary s : List.of(middle, oldest, newest)) {
            readModel().project(s);
        }
        OrderReadModel.Page first = readModel().list(userId, 2, Optional.empty());
        assertEquals(
                List.of(newest.orderId(), middle.orderId()),
                first.items().stream().map(OrderSummary::orderId).toList());
        assertTrue(first.nextCursor().isPresent());
        OrderReadModel.Page second = readModel().list(userId, 2, first.nextCursor());
        assertEquals(
                List.of(oldest.orderId()),
                second.items().stream().map(OrderSummary::orderId).toList());
        assertTrue(second.nextCursor().isEmpty(), "the last page says so");
        assertTrue(
                readModel()
                        .list(UUID.randomUUID().toString(), 10, Optional.empty())
                        .items()
                        .isEmpty(),
                "another user's list");
    }
}
