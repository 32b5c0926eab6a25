package dev.polystack.lake;

import dev.polystack.shared.InvocationLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Delivers order changes from the outbox to the lake's stream: each change becomes its facts (one per
 * product line), sent with {@code PutRecordBatch}; records the stream did not accept are sent again,
 * with backoff, up to {@link #ATTEMPTS} times; a change is marked delivered only once every one of its
 * records was accepted. A run that dies midway leaves its changes undelivered, and the next run sends
 * them again: the lake may hold a fact twice, never miss one, and readers keep one row per
 * (order, version, product) (docs/analytics.md, "Duplicates").
 */
public final class LakeDelivery {
    static final int CHANGES_PER_RUN = 250;
    static final int ATTEMPTS = 4;
    /** PutRecordBatch takes at most 4 MiB per call (API reference); batches stay well below. */
    static final int MAX_BATCH_BYTES = 3 * 1024 * 1024;

    public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(200);

    private final LakeOutbox outbox;
    private final CustomerSecrets secrets;
    private final LakeStream stream;
    private final Duration backoff;

    public LakeDelivery(LakeOutbox outbox, CustomerSecrets secrets, LakeStream stream, Duration backoff) {
        this.outbox = outbox;
        this.secrets = secrets;
        this.stream = stream;
        this.backoff = backoff;
    }

    /** Changes delivered, records sent (first attempts and resends), changes left for the next run, the oldest one's age. */
    public record Run(int delivered, int recordsSent, int resent, int undelivered, long backlogAgeSeconds) {}

    public Run deliver() {
        List<OrderChange> changes = outbox.undelivered(CHANGES_PER_RUN);
        Map<String, Optional<String>> keys = new HashMap<>();
        List<byte[]> records = new ArrayList<>();
        List<Integer> changeOf = new ArrayList<>();
        for (int c = 0; c < changes.size(); c++) {
            OrderChange change = changes.get(c);
            String key = keys.computeIfAbsent(
                            change.userId(), user -> secrets.secretOf(user).map(secret -> CustomerKey.of(secret, user)))
                    .orElse(null);
            for (OrderFact fact : OrderFact.of(change, key)) {
                records.add(fact.json());
                changeOf.add(c);
            }
        }
        Set<Integer> pending = new LinkedHashSet<>();
        for (int i = 0; i < records.size(); i++) {
            pending.add(i);
        }
        int sent = 0;
        for (int attempt = 1; attempt <= ATTEMPTS && !pending.isEmpty(); attempt++) {
            if (attempt > 1) {
                pause(backoff.multipliedBy(1L << (attempt - 2)));
            }
            sent += pending.size();
            pending = send(records, List.copyOf(pending));
        }
        Set<Integer> incomplete = new LinkedHashSet<>();
        pending.forEach(record -> incomplete.add(changeOf.get(record)));
        List<Long> done = new ArrayList<>();
        for (int c = 0; c < changes.size(); c++) {
            if (!incomplete.contains(c)) {
                done.add(changes.get(c).outboxId());
            }
        }
        if (!done.isEmpty()) {
            outbox.delivered(done);
        }
        if (!incomplete.isEmpty()) {
            InvocationLog.warn(
                    "lake_delivery_incomplete",
                    "changes",
                    Integer.toString(incomplete.size()),
                    pending.size() + " records not accepted after " + ATTEMPTS
                            + " attempts; the next run sends them again");
        }
        return new Run(
                done.size(), sent, sent - records.size(), incomplete.size(), outbox.oldestUndeliveredAgeSeconds());
    }

    /** Sends the records at these indexes in batches; answers the indexes not accepted. */
    private Set<Integer> send(List<byte[]> records, List<Integer> indexes) {
        Set<Integer> failed = new LinkedHashSet<>();
        int start = 0;
        while (start < indexes.size()) {
            int end = start;
            long bytes = 0;
            while (end < indexes.size()
                    && end - start < LakeStream.MAX_BATCH
                    && bytes + records.get(indexes.get(end)).length <= MAX_BATCH_BYTES) {
                bytes += records.get(indexes.get(end)).length;
                end++;
            }
            List<Integer> batch = indexes.subList(start, end);
            try {
                for (int rejected : stream.put(batch.stream().map(records::get).toList())) {
                    failed.add(batch.get(rejected));
                }
            } catch (RuntimeException e) {
                InvocationLog.warn(
                        "lake_batch_failed",
                        "records",
                        Integer.toString(batch.size()),
                        e.getClass().getSimpleName() + ": " + e.getMessage());
                failed.addAll(batch);
            }
            start = end;
        }
        return failed;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
