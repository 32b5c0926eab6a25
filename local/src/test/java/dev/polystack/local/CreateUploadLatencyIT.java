package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a check (skipped unless {@code -Dpolystack.measure=true}): the latency of
 * {@code POST /uploads} end to end, as a client sees it through the local gateway (authorizer
 * GetItem, validation, signing, one PutItem to DynamoDB Local, the response), warm, one request at
 * a time. Run it alone:
 * <pre>
 * mvn verify -pl functions,local -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
 *     -Dit.test=CreateUploadLatencyIT -Dpolystack.measure=true
 * </pre>
 */
class CreateUploadLatencyIT {
    static final int WARM_UP = 500;
    static final int ROUNDS = 5;
    static final int PER_ROUND = 200;

    @Test
    void createUploadLatencyEndToEnd() {
        Assumptions.assumeTrue(
                Boolean.getBoolean("polystack.measure"), "a measurement: run with -Dpolystack.measure=true");
        String token = OrderIT.user();
        for (String method : new String[] {"PUT", "POST"}) {
            String body =
                    "{\"fileName\":\"cat.png\",\"contentType\":\"image/png\",\"contentLength\":48213,\"method\":\""
                            + method + "\"}";
            for (int i = 0; i < WARM_UP; i++) {
                send(token, body);
            }
            for (int round = 1; round <= ROUNDS; round++) {
                long[] micros = new long[PER_ROUND];
                for (int i = 0; i < PER_ROUND; i++) {
                    long started = System.nanoTime();
                    send(token, body);
                    micros[i] = (System.nanoTime() - started) / 1_000;
                }
                Arrays.sort(micros);
                System.out.printf(
                        Locale.ROOT,
                        "POST /uploads (%s) round %d: mean %.0f µs, p50 %d µs, p99 %d µs%n",
                        method,
                        round,
                        Arrays.stream(micros).average().orElse(0),
                        micros[PER_ROUND / 2],
                        micros[PER_ROUND * 99 / 100]);
            }
        }
    }

    private static void send(String token, String body) {
        HttpResponse<String> response = UserSessionIT.withToken("POST", "/uploads", token, body);
        assertEquals(201, response.statusCode(), response.body());
    }
}
