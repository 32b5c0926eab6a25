package dev.polystack.shared.lambda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

/**
 * The Runtime Interface Client's classes a function loads before a SnapStart snapshot are the client's own: a
 * name the client does not have would be skipped in silence, and its first invocation would load its class again.
 * Here, beside the client the local runtime starts functions with.
 */
class RuntimeClassesTest {
    @Test
    void everyRuntimeClassPrimingLoadsIsInTheRuntimeInterfaceClient() {
        for (String name : SnapStartHooks.RUNTIME_CLASSES) {
            assertDoesNotThrow(() -> Class.forName(name, false, getClass().getClassLoader()), name);
        }
    }
}
