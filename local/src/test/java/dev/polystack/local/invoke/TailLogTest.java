package dev.polystack.local.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TailLogTest {

    @Test
    void keepsTheLastFourKilobytesEndingWithTheLastLine() {
        LambdaInvokeApi.TailLog log = new LambdaInvokeApi.TailLog(LambdaInvokeApi.TAIL_BYTES);
        for (int i = 0; i < 500; i++) {
            log.add("line " + i + " " + "x".repeat(20));
        }
        log.add("REPORT RequestId: last");
        String tail = new String(log.bytes(), StandardCharsets.UTF_8);
        assertEquals(LambdaInvokeApi.TAIL_BYTES, log.bytes().length);
        assertTrue(tail.endsWith("REPORT RequestId: last\n"), tail);
        assertTrue(!tail.contains("line 0 "), "the start is cut");
    }

    @Test
    void aShortLogIsWhole() {
        LambdaInvokeApi.TailLog log = new LambdaInvokeApi.TailLog(LambdaInvokeApi.TAIL_BYTES);
        log.add("START RequestId: a Version: $LATEST");
        log.add("END RequestId: a");
        assertEquals(
                "START RequestId: a Version: $LATEST\nEND RequestId: a\n",
                new String(log.bytes(), StandardCharsets.UTF_8));
    }
}
