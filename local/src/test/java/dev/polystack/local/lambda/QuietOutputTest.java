package dev.polystack.local.lambda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A tail ({@code LogType: Tail}) waits for the function's last lines: the process wrote them before it answered, but
 * the thread that reads its output can take them a little later, more so on a busy machine.
 */
class QuietOutputTest {
    @Test
    void aLineTheReaderTakesFifteenMillisecondsAfterTheAnswerIsWaitedFor() {
        long answered = System.nanoTime();
        long before = answered - TimeUnit.SECONDS.toNanos(10);
        long taken = answered + TimeUnit.MILLISECONDS.toNanos(15);
        // The reader took its last line 10 s ago, and takes the invocation's line 15 ms after the answer: a clock, not
        // a
        // thread, so that a busy machine cannot make the test late.
        ExecutionEnvironment.awaitQuiet(() -> System.nanoTime() - taken >= 0 ? taken : before, answered);
        assertTrue(
                System.nanoTime() - taken >= 0,
                "the wait ended before the reader took the line written before the answer");
    }

    @Test
    void outputThatKeepsComingIsWaitedForNoLongerThanTheCap() {
        long answered = System.nanoTime();
        ExecutionEnvironment.awaitQuiet(System::nanoTime, answered);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered);
        assertTrue(
                waitedMillis < 5_000, "a process that never stops writing does not hold the answer: " + waitedMillis);
    }
}
