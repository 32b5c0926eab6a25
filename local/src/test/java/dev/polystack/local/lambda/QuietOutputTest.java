package dev.polystack.local.lambda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A tail ({@code LogType: Tail}) waits for the function's last lines: the process wrote them before it answered, but
 * the thread that reads its output can take them a little later, more so on a busy machine.
 */
class QuietOutputTest {
    @Test
    void aLineTheReaderTakesFifteenMillisecondsAfterTheAnswerIsWaitedFor() throws Exception {
        AtomicLong lastOutput = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(10));
        CountDownLatch read = new CountDownLatch(1);
        long answered = System.nanoTime();
        Thread reader = new Thread(() -> {
            try {
                Thread.sleep(15);
            } catch (InterruptedException e) {
                return;
            }
            lastOutput.set(System.nanoTime());
            read.countDown();
        });
        reader.start();
        ExecutionEnvironment.awaitQuiet(lastOutput::get, answered);
        boolean taken = read.getCount() == 0;
        reader.join();
        assertTrue(taken, "the wait ended before the reader took the line written before the answer");
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
