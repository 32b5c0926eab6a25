package dev.polystack.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionLogsTest {
    private final FunctionLogs logs = new FunctionLogs(new PrintWriter(new StringWriter()));

    private static String line(String requestId, double latency, double... storeLatencies) {
        StringBuilder calls = new StringBuilder();
        for (double store : storeLatencies) {
            calls.append(calls.isEmpty() ? "" : ",")
                    .append("{\"service\":\"RdsData\",\"operation\":\"ExecuteStatement\",\"latencyMs\":")
                    .append(store)
                    .append('}');
        }
        return "[ListProducts] {\"level\":\"INFO\",\"requestId\":\"" + requestId
                + "\",\"route\":\"GET /products\",\"status\":200,\"latencyMs\":" + latency + ",\"storeCalls\":[" + calls
                + "]}";
    }

    private static String report(String requestId, double duration) {
        return "[ListProducts] REPORT RequestId: " + requestId + "\tDuration: " + duration
                + " ms\tBilled Duration: 7 ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB";
    }

    @Test
    void anInvocationIsSplitFromItsLineAndItsReportWhicheverComesFirst() {
        logs.accept(line("a", 5.5, 2.0, 1.5));
        logs.accept(report("a", 6.75));
        logs.accept(report("b", 4.0));
        logs.accept(line("b", 3.0, 2.5));

        List<FunctionLogs.Split> splits = logs.splits("ListProducts");

        assertEquals(2, splits.size());
        FunctionLogs.Split a = splits.get(0);
        assertEquals(3.5, a.storeMillis(), 1e-9);
        assertEquals(2.0, a.ownMillis(), 1e-9);
        assertEquals(1.25, a.runtimeMillis(), 1e-9);
        assertEquals(0.5, splits.get(1).ownMillis(), 1e-9);
        assertEquals(1.0, splits.get(1).runtimeMillis(), 1e-9);
        assertEquals("2 × RdsData ExecuteStatement (1 of 2 invocations)", logs.typicalCalls("ListProducts"));
    }

    @Test
    void anInvocationWithoutBothLinesOrOfAnotherFunctionIsLeftOutAndClearForgetsThem() {
        logs.accept(line("a", 5.5));
        logs.accept(report("b", 4.0));
        logs.accept("[GetProduct] REPORT RequestId: c\tDuration: 4.00 ms\tBilled Duration: 4 ms");
        logs.accept(line("d", 1.0));
        logs.accept(report("d", 2.0));

        assertEquals(1, logs.splits("ListProducts").size());
        assertEquals(0.0, logs.splits("ListProducts").get(0).storeMillis(), 1e-9);
        assertTrue(logs.splits("GetProduct").isEmpty());

        logs.clear();

        assertTrue(logs.splits("ListProducts").isEmpty());
    }
}
