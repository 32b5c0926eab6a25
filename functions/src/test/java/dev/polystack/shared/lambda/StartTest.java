package dev.polystack.shared.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The log line's coldStart and restored flags from Lambda's AWS_LAMBDA_INITIALIZATION_TYPE. */
class StartTest {
    @ParameterizedTest(name = "{0}, first invocation {1}: coldStart {2}, restored {3}")
    @CsvSource(
            nullValues = "unset",
            value = {
                "on-demand,               true,  true,  false",
                "on-demand,               false, false, false",
                "snap-start,              true,  false, true",
                "snap-start,              false, false, false",
                "provisioned-concurrency, true,  false, false",
                "provisioned-concurrency, false, false, false",
                "unset,                   true,  true,  false",
                "unset,                   false, false, false"
            })
    void aSnapStartRestoreIsNotAColdStartAndOnlyAFirstInvocationIsEither(
            String initializationType, boolean first, boolean coldStart, boolean restored) {
        assertEquals(new Start(coldStart, restored), Start.of(initializationType, first));
    }
}
