package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StackOptionsTest {
    @Test
    void onlyTestStacksHashPasswordsAtTheTestCost() {
        assertTrue(StackOptions.forTests().testPasswordHashes());
        assertTrue(StackOptions.forTests().withPort(0).testPasswordHashes(), "kept by every with… and toBuilder()");
        assertFalse(StackOptions.forBenchmarks().testPasswordHashes());
        assertFalse(StackOptions.forCommandLine(0, null, null).testPasswordHashes());
        assertFalse(StackOptions.builder().build().testPasswordHashes());
    }
}
