package dev.polystack.local.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.local.LocalBackend;
import dev.polystack.local.StackOptions;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The recovery rehearsal's core ({@code local/recovery-drill} runs the same {@link RecoveryDrill}):
 * every check holds after the stores are restored to T and {@code Recover} has run; and with the
 * stores restored but {@code Recover} not run, the checks that only the reconcile can make true fail,
 * so none of them passes on its own.
 */
class RecoveryDrillIT {
    static RecoveryDrill.Result drill(boolean reconcile) {
        try (LocalBackend backend = LocalBackend.start(StackOptions.forTests().toBuilder()
                .databaseUrl(null) // the drill restores the stack's own PostgreSQL
                .pointInTimeRecovery(true)
                .build())) {
            return RecoveryDrill.run(backend, reconcile, line -> System.out.println("[drill] " + line));
        }
    }

    @Test
    void afterTheRestoreToTAndRecoverEveryCheckHolds() {
        RecoveryDrill.Result result = drill(true);
        assertTrue(result.passed(), "failed: " + result.failed());
        assertEquals(
                3,
                result.recoverAnswer().get("steps").size(),
                result.recoverAnswer().toString());
    }

    @Test
    void withoutRecoverTheRestoreAloneLeavesEverySecurityChangeUndoneAndTheStoresApart() {
        RecoveryDrill.Result result = drill(false);
        Set<String> failed =
                result.failed().stream().map(RecoveryDrill.Check::name).collect(Collectors.toSet());
        List<String> reconciled = result.checks().stream()
                .map(RecoveryDrill.Check::name)
                .filter(name -> name.startsWith("orders and summaries")
                        || name.startsWith("uploads and objects")
                        || name.startsWith("no session ended")
                        || name.startsWith("the password changed")
                        || name.startsWith("the administrator revoked")
                        || name.startsWith("the erased person"))
                .toList();
        assertEquals(6, reconciled.size(), result.checks().toString());
        assertTrue(
                failed.containsAll(reconciled),
                "these held without Recover: "
                        + reconciled.stream()
                                .filter(name -> !failed.contains(name))
                                .toList());
    }
}
