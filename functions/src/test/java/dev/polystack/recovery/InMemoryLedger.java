package dev.polystack.recovery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The recovery ledger in memory; {@link #failNextRecords} makes the next records fail as an unreachable table would. */
public final class InMemoryLedger implements RecoveryLedger {
    private final List<LedgerEntry> entries = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> steps = new ConcurrentHashMap<>();
    private volatile int failures;

    public void failNextRecords(int count) {
        failures = count;
    }

    public List<LedgerEntry> entries() {
        return List.copyOf(entries);
    }

    @Override
    public void record(LedgerEntry entry) {
        if (failures > 0) {
            failures--;
            throw RecoveryErrors.ledgerUnavailable();
        }
        entries.add(entry);
    }

    @Override
    public List<LedgerEntry> since(Instant from) {
        List<LedgerEntry> found = new ArrayList<>();
        for (LedgerEntry entry : entries) {
            if (!entry.at().isBefore(from)) {
                found.add(entry);
            }
        }
        found.sort(Comparator.comparing(LedgerEntry::at).thenComparing(LedgerEntry::id));
        return found;
    }

    @Override
    public Optional<Instant> stepDone(String recoveryId, String step) {
        return Optional.ofNullable(steps.get(recoveryId + "/" + step));
    }

    @Override
    public void markStepDone(String recoveryId, String step, Instant at) {
        steps.putIfAbsent(recoveryId + "/" + step, at);
    }
}
