package dev.polystack.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystack.order.Order;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LakeDeliveryTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Accepts records until its quota per call is used, then fails the rest one by one, as Firehose's throttling does. */
    static final class Stream implements LakeStream {
        final List<byte[]> accepted = new ArrayList<>();
        int quotaPerCall = Integer.MAX_VALUE;
        int callsToFailWhole;
        int calls;

        @Override
        public Set<Integer> put(List<byte[]> records) {
            calls++;
            if (callsToFailWhole > 0) {
                callsToFailWhole--;
                throw new IllegalStateException("ServiceUnavailableException");
            }
            Set<Integer> failed = new LinkedHashSet<>();
            for (int i = 0; i < records.size(); i++) {
                if (i < quotaPerCall) {
                    accepted.add(records.get(i));
                } else {
                    failed.add(i);
                }
            }
            return failed;
        }
    }

    final InMemoryLakeOutbox outbox = new InMemoryLakeOutbox(Clock.systemUTC());
    final Stream stream = new Stream();
    /** user-1's account lives; user-2's was erased. */
    final InMemoryCustomerSecrets secrets = new InMemoryCustomerSecrets("user-1"::equals);

    final LakeDelivery delivery = new LakeDelivery(outbox, secrets, stream, Duration.ZERO);

    static OrderChange change(
            long id, String orderId, long version, String event, String status, String userId, int lines) {
        List<Order.Item> items = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            items.add(new Order.Item("00000000-0000-0000-0000-00000000000" + i, "SKU-" + i, i + 1, 100L * (i + 1)));
        }
        long total =
                items.stream().mapToLong(i -> i.quantity() * i.unitPriceCents()).sum();
        return new OrderChange(
                id,
                event,
                userId,
                new Order(orderId, status, version, total, items, "2026-12-01T09:30:00.000Z"),
                "2026-12-0" + (version == 1 ? 1 : 2) + "T10:00:00.000Z");
    }

    static JsonNode row(byte[] record) {
        try {
            return JSON.readTree(record);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyChangeBecomesOneFactPerProductLineWithTheTablesColumns() {
        outbox.rows.add(change(1, "order-a", 1, "CREATED", "CONFIRMED", "user-1", 3));
        outbox.rows.add(change(2, "order-a", 2, "CANCELLED", "CANCELLED", "user-1", 3));

        LakeDelivery.Run run = delivery.deliver();

        assertEquals(2, run.delivered());
        assertEquals(Set.of(1L, 2L), outbox.delivered);
        assertEquals(6, stream.accepted.size());
        JsonNode cancel = row(stream.accepted.get(3));
        assertEquals(2, cancel.get("version").asLong());
        assertEquals("CANCELLED", cancel.get("status").asText());
        assertEquals("2026-12-01", cancel.get("placed_on").asText());
        assertEquals(9, cancel.get("placed_hour").asInt());
        assertEquals("2026-12-02T10:00:00.000Z", cancel.get("occurred_at").asText());
        assertEquals(1400, cancel.get("order_total_cents").asLong());
        List<String> columns = new ArrayList<>();
        cancel.fieldNames().forEachRemaining(columns::add);
        assertEquals(LakeTable.COLUMNS.stream().map(LakeTable.Column::name).toList(), columns);
    }

    @Test
    void recordsTheStreamRefusesAreSentAgainAndTheChangeIsMarkedOnceAllAreAccepted() {
        stream.quotaPerCall = 2;
        outbox.rows.add(change(1, "order-a", 1, "CREATED", "CONFIRMED", "user-1", 3));

        LakeDelivery.Run run = delivery.deliver();

        assertEquals(1, run.delivered());
        assertEquals(3, stream.accepted.size(), "each record once: 2 accepted, then the refused one");
        assertEquals(1, run.resent());
        assertEquals(Set.of(1L), outbox.delivered);
    }

    @Test
    void changeWithARecordStillRefusedAfterEveryAttemptStaysUndeliveredForTheNextRun() {
        stream.quotaPerCall = 0;
        outbox.rows.add(change(1, "order-a", 1, "CREATED", "CONFIRMED", "user-1", 1));

        LakeDelivery.Run run = delivery.deliver();

        assertEquals(0, run.delivered());
        assertEquals(1, run.undelivered());
        assertEquals(LakeDelivery.ATTEMPTS, stream.calls);
        assertTrue(outbox.delivered.isEmpty(), "nothing is marked that the stream did not accept");

        stream.quotaPerCall = Integer.MAX_VALUE;
        assertEquals(1, delivery.deliver().delivered());
        assertEquals(Set.of(1L), outbox.delivered);
    }

    @Test
    void partlyAcceptedChangeIsSentWholeAgainByTheNextRunSoTheLakeMayHoldADuplicateButNeverMissesALine() {
        stream.quotaPerCall = 1;
        stream.callsToFailWhole = 0;
        outbox.rows.add(change(1, "order-a", 1, "CREATED", "CONFIRMED", "user-1", 2));
        // Every resend fails whole: the first line is in, the second is not.
        LakeStream flaky = new LakeStream() {
            int calls;

            @Override
            public Set<Integer> put(List<byte[]> records) {
                if (calls++ == 0) {
                    return stream.put(records);
                }
                throw new IllegalStateException("ServiceUnavailableException");
            }
        };
        assertEquals(
                0,
                new LakeDelivery(outbox, secrets, flaky, Duration.ZERO)
                        .deliver()
                        .delivered());
        stream.quotaPerCall = Integer.MAX_VALUE;
        assertEquals(1, delivery.deliver().delivered());

        List<String> lines = stream.accepted.stream()
                .map(r -> row(r).get("product_id").asText())
                .toList();
        assertEquals(3, lines.size(), "line 0 twice, line 1 once: " + lines);
        assertEquals(2, Set.copyOf(lines).size());
    }

    @Test
    void callThatFailsWholeIsRetriedWithinTheRun() {
        stream.callsToFailWhole = 2;
        outbox.rows.add(change(1, "order-a", 1, "CREATED", "CONFIRMED", "user-1", 1));

        assertEquals(1, delivery.deliver().delivered());
        assertEquals(3, stream.calls);
    }

    @Test
    void moreThan500RecordsGoInSeveralCallsOfAtMost500() {
        for (int i = 0; i < 130; i++) {
            outbox.rows.add(change(i + 1, "order-" + i, 1, "CREATED", "CONFIRMED", "user-1", 5));
        }
        LakeDelivery.Run run = delivery.deliver();
        assertEquals(130, run.delivered());
        assertEquals(650, stream.accepted.size());
        assertEquals(2, stream.calls);
    }

    @Test
    void customerIsAPseudonymUnderTheirSecretAndNoFactHoldsTheUserId() {
        outbox.rows.add(change(1, "order-a", 1, "CREATED", "CONFIRMED", "user-1", 1));
        outbox.rows.add(change(2, "order-b", 1, "CREATED", "CONFIRMED", "user-2", 1));

        delivery.deliver();

        JsonNode known = row(stream.accepted.get(0));
        assertEquals(
                CustomerKey.of(secrets.secretOf("user-1").orElseThrow(), "user-1"),
                known.get("customer_key").asText());
        assertNotEquals(
                CustomerKey.of(new byte[32], "user-1"),
                known.get("customer_key").asText());
        assertTrue(
                row(stream.accepted.get(1)).get("customer_key").isNull(), "no secret (erased account): no key at all");
        stream.accepted.forEach(r -> assertFalse(
                new String(r, StandardCharsets.UTF_8).contains("user-"), new String(r, StandardCharsets.UTF_8)));
    }
}
