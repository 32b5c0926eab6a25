package dev.polystack.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MigrationTarget} does, run against the in-memory fake
 * ({@code InMemoryMigrationTargetContractTest}) and against the Data API adapter on PostgreSQL behind the
 * Data API emulator ({@code RdsDataMigrationTargetContractIT}, a fresh database per test): each version
 * applied once and then answered with the checksum recorded, each repeatable script again only when its
 * text changed, and a script that fails leaves neither its statements nor a ledger entry.
 */
public abstract class MigrationTargetContract {
    protected abstract MigrationTarget target();

    /** The names of the tables in the database now. */
    protected abstract Set<String> tables();

    @BeforeEach
    void prepare() {
        target().prepareLedger();
    }

    private static Migration.Versioned versioned(int version, String script) {
        return (Migration.Versioned) Migration.parse("V" + version + "__contract.sql", script);
    }

    private static Migration.Repeatable repeatable(String name, String script) {
        return (Migration.Repeatable) Migration.parse("R__" + name + ".sql", script);
    }

    @Test
    void aVersionIsAppliedOnceThenAnswersTheChecksumItRecorded() {
        Migration.Versioned first = versioned(1, "CREATE TABLE contract_a (id int); CREATE TABLE contract_b (id int)");
        assertEquals(Optional.empty(), target().applyUnlessRecorded(first));
        assertTrue(tables().containsAll(Set.of("contract_a", "contract_b")), tables().toString());

        // Run again, its CREATE TABLE would fail: it is not run.
        assertEquals(Optional.of(first.checksum()), target().applyUnlessRecorded(first));
        Migration.Versioned edited = versioned(1, "CREATE TABLE contract_c (id int)");
        assertEquals(
                Optional.of(first.checksum()),
                target().applyUnlessRecorded(edited),
                "an edited text of a recorded version: the recorded checksum, and nothing run");
        assertFalse(tables().contains("contract_c"));
    }

    @Test
    void eachVersionIsRecordedApart() {
        Migration.Versioned one = versioned(1, "CREATE TABLE contract_one (id int)");
        Migration.Versioned two = versioned(2, "CREATE TABLE contract_two (id int)");
        assertEquals(Optional.empty(), target().applyUnlessRecorded(two));
        assertEquals(Optional.empty(), target().applyUnlessRecorded(one));
        assertEquals(Optional.of(one.checksum()), target().applyUnlessRecorded(one));
        assertEquals(Optional.of(two.checksum()), target().applyUnlessRecorded(two));
    }

    @Test
    void aVersionThatFailsLeavesNoneOfItsStatementsAndNoRecord() {
        Migration.Versioned failing =
                versioned(3, "CREATE TABLE contract_kept (id int); CREATE TABLE contract_kept (id int)");
        assertThrows(RuntimeException.class, () -> target().applyUnlessRecorded(failing));
        assertFalse(tables().contains("contract_kept"), "the first statement was rolled back: " + tables());

        Migration.Versioned fixed = versioned(3, "CREATE TABLE contract_kept (id int)");
        assertEquals(Optional.empty(), target().applyUnlessRecorded(fixed), "not recorded: the fixed text runs");
        assertTrue(tables().contains("contract_kept"));
    }

    @Test
    void aRepeatableScriptRunsWhenNewThenOnlyWhenItsTextChanges() {
        Migration.Repeatable first = repeatable("contract_r", "CREATE TABLE contract_r1 (id int)");
        assertTrue(target().applyIfChanged(first));
        assertFalse(target().applyIfChanged(first), "unchanged: not run (its CREATE TABLE would fail)");

        Migration.Repeatable second =
                repeatable("contract_r", "DROP TABLE contract_r1; CREATE TABLE contract_r2 (id int)");
        assertTrue(target().applyIfChanged(second));
        assertFalse(tables().contains("contract_r1"), tables().toString());
        assertTrue(tables().contains("contract_r2"), tables().toString());

        assertTrue(target().applyIfChanged(first), "the earlier text again is a change too");
        assertTrue(tables().contains("contract_r1"));
    }

    @Test
    void aRepeatableScriptThatFailsKeepsTheLastGoodChecksum() {
        Migration.Repeatable good = repeatable("contract_f", "CREATE TABLE contract_f1 (id int)");
        assertTrue(target().applyIfChanged(good));
        Migration.Repeatable failing =
                repeatable("contract_f", "CREATE TABLE contract_f2 (id int); DROP TABLE contract_never_made");
        assertThrows(RuntimeException.class, () -> target().applyIfChanged(failing));
        assertFalse(tables().contains("contract_f2"), "the first statement was rolled back: " + tables());
        assertFalse(target().applyIfChanged(good), "the good text is still the one recorded");
        assertTrue(target().applyIfChanged(repeatable("contract_f", "CREATE TABLE contract_f2 (id int)")));
        assertTrue(tables().contains("contract_f2"));
    }

    @Test
    void repeatableScriptsAreRecordedByName() {
        assertTrue(target().applyIfChanged(repeatable("contract_x", "CREATE TABLE contract_x (id int)")));
        assertTrue(
                target().applyIfChanged(repeatable("contract_y", "CREATE TABLE IF NOT EXISTS contract_x (id int)")),
                "another name is another script, whatever the other recorded");
        assertFalse(target().applyIfChanged(repeatable("contract_x", "CREATE TABLE contract_x (id int)")));
    }

    @Test
    void preparingTheLedgerAgainKeepsWhatItRecorded() {
        Migration.Versioned version = versioned(1, "CREATE TABLE contract_p (id int)");
        Migration.Repeatable script = repeatable("contract_p", "CREATE TABLE contract_q (id int)");
        target().applyUnlessRecorded(version);
        target().applyIfChanged(script);
        target().prepareLedger();
        assertEquals(Optional.of(version.checksum()), target().applyUnlessRecorded(version));
        assertFalse(target().applyIfChanged(script));
    }
}
