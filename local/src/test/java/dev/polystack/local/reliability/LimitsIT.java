package dev.polystack.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.local.CallCounter;
import dev.polystack.local.Lanes;
import dev.polystack.local.LocalBackend;
import dev.polystack.local.StackOptions;
import dev.polystack.local.StoreSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Brute-force and sign-up limits (OWASP API2, API4) against a stack with small thresholds. Each test
 * speaks from its own loopback address (127.0.0.x), which API Gateway would see as the source IP.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Lanes.OWN_STACKS)
class LimitsIT {
    static final int PER_ACCOUNT = 5;
    static final int PER_IP = 12;
    static final int SIGNUPS_PER_IP = 6;
    static final CallCounter CALLS = new CallCounter();
    static final Map<String, int[]> FIGURES = new TreeMap<>();
    static LocalBackend backend;

    record Answer(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return Figures.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(body, e);
            }
        }
    }

    @BeforeAll
    static void start() {
        backend = LocalBackend.start(StackOptions.forTests()
                .withInterceptors(List.of(CALLS))
                .withFunctionVariables(Map.of(
                        "LOGIN_FAILURES_PER_ACCOUNT", Integer.toString(PER_ACCOUNT),
                        "LOGIN_FAILING_ACCOUNTS_PER_IP", Integer.toString(PER_IP),
                        "SIGNUPS_PER_IP", Integer.toString(SIGNUPS_PER_IP)))
                // The local edge cache in front of the gateway, as local/start runs it: CloudFront's part.
                .withEdgePort(0));
    }

    @AfterAll
    static void stop() {
        ObjectNode figures = Figures.newFigures();
        FIGURES.forEach((limit, counts) -> figures.putObject(limit)
                .put("setting", settingOf(limit))
                .put("sent", counts[0])
                .put("refused", counts[1])
                .put("hashedWhileRefused", counts[2]));
        Figures.write("limits", figures);
        if (backend != null) {
            backend.close();
        }
    }

    static String settingOf(String limit) {
        return switch (limit) {
            case "failed logins per account" -> PER_ACCOUNT + " per 15 min (default 10)";
            case "distinct failing accounts per source address" -> PER_IP + " per 15 min (default 30)";
            default -> SIGNUPS_PER_IP + " per hour (default 20)";
        };
    }

    /** One HTTP/1.1 request from a chosen loopback address (the JDK's HttpClient cannot choose one). */
    static Answer send(String from, String method, String path, String json) {
        return send(backend, from, method, path, json);
    }

    static Answer send(LocalBackend backend, String from, String method, String path, String json) {
        return sendTo(backend.gatewayEndpoint().getPort(), from, method, path, json);
    }

    /** The same, to any local port (the gateway's or the edge's), with extra headers as name, value pairs. */
    static Answer sendTo(int port, String from, String method, String path, String json, String... extraHeaders) {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(from), 0)) {
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            StringBuilder extra = new StringBuilder();
            for (int i = 0; i < extraHeaders.length; i += 2) {
                extra.append(extraHeaders[i])
                        .append(": ")
                        .append(extraHeaders[i + 1])
                        .append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path
                            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"
                            + extra
                            + "Content-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String[] head = text.substring(0, split).split("\r\n");
            Map<String, String> headers = new TreeMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                headers.put(
                        head[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                        head[i].substring(colon + 1).trim());
            }
            return new Answer(Integer.parseInt(head[0].split(" ")[1]), headers, text.substring(split + 4));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Answer login(String from, String email, String password) {
        return send(from, "POST", "/sessions", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    static Answer loginThroughTheEdge(String from, String email, String password) {
        int edgePort = backend.edge().orElseThrow().endpoint().getPort();
        return sendTo(
                edgePort, from, "POST", "/sessions", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    static String signUp(String from) {
        String email = "limits-" + UUID.randomUUID() + "@example.com";
        Answer answer = send(
                from,
                "POST",
                "/users",
                "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"name\":\"L\"}");
        assertEquals(201, answer.status(), answer.body());
        return email;
    }

    /** Counts a request for the report; {@code refused} and whether the credentials were read (a hash was computed). */
    static Answer counted(String limit, java.util.function.Supplier<Answer> request) {
        CALLS.reset();
        Answer answer = request.get();
        int[] counts = FIGURES.computeIfAbsent(limit, l -> new int[3]);
        counts[0]++;
        if (answer.status() == 429) {
            counts[1]++;
            if (credentialsRead(CALLS.calls())) {
                counts[2]++;
            }
        }
        return answer;
    }

    /** The credentials are read (then hashed) after the account's counter, the only UpdateItem before them. */
    static boolean credentialsRead(List<String> calls) {
        int counter = calls.indexOf("DynamoDb.UpdateItem");
        return counter >= 0 && calls.subList(counter + 1, calls.size()).contains("DynamoDb.GetItem");
    }

    static void assertRefused(Answer answer) {
        assertEquals(429, answer.status(), answer.body());
        assertEquals(
                "TOO_MANY_ATTEMPTS", answer.json().path("error").path("code").asText());
        long retryAfter = Long.parseLong(answer.headers().get("retry-after"));
        assertTrue(retryAfter >= 1 && retryAfter <= 15 * 60, "Retry-After within the window: " + retryAfter);
    }

    @Test
    void failedLoginsPerAccountAreRefusedBeforeAnyPasswordIsHashedEvenTheRightOne() {
        String email = signUp("127.0.0.11");
        String limit = "failed logins per account";
        for (int i = 0; i < PER_ACCOUNT; i++) {
            assertEquals(
                    401,
                    counted(limit, () -> login("127.0.0.11", email, "wrong password " + UUID.randomUUID()))
                            .status());
        }
        Answer refused = counted(limit, () -> login("127.0.0.11", email, "correct horse battery"));
        assertRefused(refused);
        assertEquals(
                List.of("DynamoDb.GetItem", "DynamoDb.UpdateItem"),
                CALLS.calls(),
                "the address's failing accounts read, the account's counter refused; no credentials read, no hash");
        assertRefused(counted(limit, () -> login("127.0.0.21", email, "correct horse battery")));
    }

    @Test
    void anUnknownAddressIsCountedAndRefusedLikeAKnownOne() {
        String unknown = "nobody-" + UUID.randomUUID() + "@example.com";
        for (int i = 0; i < PER_ACCOUNT; i++) {
            assertEquals(401, login("127.0.0.17", unknown, "wrong password").status());
        }
        assertRefused(login("127.0.0.17", unknown, "wrong password"));
    }

    @Test
    void failedLoginsPerSourceAddressAreRefusedAcrossAccounts() {
        String limit = "distinct failing accounts per source address";
        for (int i = 0; i < PER_IP; i++) {
            String email = "spray-" + i + "-" + UUID.randomUUID() + "@example.com";
            assertEquals(
                    401,
                    counted(limit, () -> login("127.0.0.12", email, "wrong password"))
                            .status());
        }
        String fresh = "spray-fresh-" + UUID.randomUUID() + "@example.com";
        assertRefused(counted(limit, () -> login("127.0.0.12", fresh, "wrong password")));
        assertEquals(401, login("127.0.0.13", fresh, "wrong password").status(), "another address is not refused");
    }

    @Test
    void aSuccessTakesOnlyItsOwnAccountOutOfTheAddressesFailingAccounts() {
        String email = signUp("127.0.0.14");
        for (int i = 0; i < PER_IP - 2; i++) {
            String other = "other-" + i + "-" + UUID.randomUUID() + "@example.com";
            assertEquals(401, login("127.0.0.14", other, "wrong password").status());
        }
        assertEquals(401, login("127.0.0.14", email, "wrong password").status(), "one place left");
        assertEquals(201, login("127.0.0.14", email, "correct horse battery").status(), "it gets in");
        for (int i = 0; i < 2; i++) {
            assertEquals(
                    401,
                    login("127.0.0.14", "late-" + i + "-" + UUID.randomUUID() + "@example.com", "wrong password")
                            .status(),
                    "the success took its account out: two places");
        }
        assertRefused(login("127.0.0.14", "later-" + UUID.randomUUID() + "@example.com", "wrong password"));
        assertRefused(login("127.0.0.14", email, "correct horse battery"));
    }

    /**
     * Issue 22: through the edge every login reached the functions from the edge's own address, so all its clients
     * shared one per-address counter. Now the edge says whose request it is (x-polystack-viewer-address, believed
     * beside the stack's secret), and a client is counted as itself whichever URL it uses.
     */
    @Test
    void loginsThroughTheEdgeAreCountedPerRealClientAddress() {
        for (int i = 0; i < PER_IP; i++) {
            String email = "edge-spray-" + i + "-" + UUID.randomUUID() + "@example.com";
            assertEquals(
                    401,
                    loginThroughTheEdge("127.0.0.31", email, "wrong password").status());
        }
        assertRefused(loginThroughTheEdge(
                "127.0.0.31", "edge-fresh-" + UUID.randomUUID() + "@example.com", "wrong password"));
        assertEquals(
                401,
                loginThroughTheEdge("127.0.0.32", "edge-other-" + UUID.randomUUID() + "@example.com", "wrong password")
                        .status(),
                "another client behind the same edge has a counter of its own");
        assertRefused(login("127.0.0.31", "edge-direct-" + UUID.randomUUID() + "@example.com", "wrong password"));
    }

    @Test
    void aForgedViewerAddressSentStraightToTheApiIsIgnored() {
        for (int i = 0; i < PER_IP; i++) {
            String email = "forger-" + i + "-" + UUID.randomUUID() + "@example.com";
            Answer answer = sendTo(
                    backend.gatewayEndpoint().getPort(),
                    "127.0.0.33",
                    "POST",
                    "/sessions",
                    "{\"email\":\"" + email + "\",\"password\":\"wrong password\"}",
                    "X-Polystack-Viewer-Address",
                    "198.51.100." + (i + 1),
                    "X-Polystack-Edge-Secret",
                    "a guess");
            assertEquals(401, answer.status(), answer.body());
        }
        Answer refused = sendTo(
                backend.gatewayEndpoint().getPort(),
                "127.0.0.33",
                "POST",
                "/sessions",
                "{\"email\":\"forger-fresh-" + UUID.randomUUID() + "@example.com\",\"password\":\"wrong password\"}",
                "X-Polystack-Viewer-Address",
                "198.51.100.200");
        assertRefused(refused);
    }

    @Test
    void signUpsPerSourceAddressAreLimitedAndARefusedSignUpWritesNothing() {
        String limit = "sign-ups per source address";
        for (int i = 0; i < SIGNUPS_PER_IP; i++) {
            String email = "many-" + i + "-" + UUID.randomUUID() + "@example.com";
            assertEquals(
                    201,
                    counted(
                                    limit,
                                    () -> send(
                                            "127.0.0.15",
                                            "POST",
                                            "/users",
                                            "{\"email\":\"" + email
                                                    + "\",\"password\":\"correct horse battery\",\"name\":\"M\"}"))
                            .status());
        }
        StoreSnapshot before = StoreSnapshot.of(backend);
        Answer refused = counted(
                limit,
                () -> send(
                        "127.0.0.15",
                        "POST",
                        "/users",
                        "{\"email\":\"one-more-" + UUID.randomUUID()
                                + "@example.com\",\"password\":\"correct horse battery\",\"name\":\"M\"}"));
        assertEquals(429, refused.status(), refused.body());
        assertEquals(
                "TOO_MANY_ATTEMPTS", refused.json().path("error").path("code").asText());
        assertTrue(Long.parseLong(refused.headers().get("retry-after")) <= 3600);
        assertEquals(before, StoreSnapshot.of(backend), "no user, no e-mail marker");
        signUp("127.0.0.16");
    }

    @Test
    void theCountersAreSingleItemCallsNeverATransaction() {
        String email = signUp("127.0.0.18");
        CALLS.reset();
        assertEquals(201, login("127.0.0.18", email, "correct horse battery").status());
        assertEquals(
                List.of(
                        "DynamoDb.GetItem",
                        "DynamoDb.UpdateItem",
                        "DynamoDb.GetItem",
                        "DynamoDb.TransactWriteItems",
                        "DynamoDb.UpdateItem",
                        "DynamoDb.GetItem"),
                CALLS.calls(),
                "address read, account counted, credentials, session with its pointer, attempt given back, the"
                        + " profile's roles read again");
        CALLS.reset();
        assertEquals(401, login("127.0.0.18", email, "wrong password").status());
        assertEquals(
                List.of("DynamoDb.GetItem", "DynamoDb.UpdateItem", "DynamoDb.GetItem", "DynamoDb.UpdateItem"),
                CALLS.calls(),
                "address read, account counted, credentials, the account added to the address's failing ones");
        CALLS.reset();
        assertEquals(201, login("127.0.0.18", email, "correct horse battery").status());
        assertEquals(
                7,
                CALLS.calls().size(),
                "after a failure from this address, a success also takes its account out of the address's set: "
                        + CALLS.calls());
    }
}
