package dev.polystack.local.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.local.Lanes;
import dev.polystack.local.LocalBackend;
import dev.polystack.local.StackOptions;
import dev.polystack.local.reliability.LimitsIT.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The login limits with their default settings, against a crowd behind one address (a campus, an
 * office, a carrier's NAT) and against credential stuffing from one address. Each scenario speaks
 * from its own loopback address, which API Gateway would see as the source IP.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Lanes.OWN_STACKS)
class CrowdLoginIT {
    static final int PEOPLE = 150;
    static final int STUFFING_STOPPED_WITHIN = 50;
    static final String PASSWORD = "correct horse battery";
    static LocalBackend backend;

    @BeforeAll
    static void start() {
        backend = LocalBackend.start(StackOptions.forTests());
    }

    @AfterAll
    static void stop() {
        if (backend != null) {
            backend.close();
        }
    }

    static Answer login(String from, String email, String password) {
        return LimitsIT.send(
                backend, from, "POST", "/sessions", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    /** Signed up from an address of their own (at home), so the sign-up limit plays no part. */
    static String signUp(int person) {
        String email = "crowd-" + person + "-" + UUID.randomUUID() + "@example.com";
        Answer answer = LimitsIT.send(
                backend,
                "127.0.4." + (person + 1),
                "POST",
                "/users",
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"C\"}");
        assertEquals(201, answer.status(), answer.body());
        return email;
    }

    @Test
    void aHundredAndFiftyPeopleBehindOneAddressWhoEachMistypeOnceAllGetIn() throws Exception {
        String shared = "127.0.3.1";
        List<String> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            people.add(signUp(i));
        }
        Map<String, Integer> answers = new TreeMap<>();
        ExecutorService crowd = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Integer>>> each = new ArrayList<>();
            for (String email : people) {
                each.add(crowd.submit(() -> List.of(
                        login(shared, email, "correct horse battery?").status(),
                        login(shared, email, PASSWORD).status())));
            }
            for (Future<List<Integer>> person : each) {
                List<Integer> statuses = person.get();
                answers.merge("mistyped " + statuses.get(0), 1, Integer::sum);
                answers.merge("then " + statuses.get(1), 1, Integer::sum);
            }
        } finally {
            crowd.shutdownNow();
        }
        assertEquals(Map.of("mistyped 401", PEOPLE, "then 201", PEOPLE), answers, "everyone got in, no 429");
    }

    @Test
    void credentialStuffingFromOneAddressIsStoppedWithin50Attempts() {
        String attacker = "127.0.3.2";
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < STUFFING_STOPPED_WITHIN; i++) {
            statuses.add(login(attacker, "stuffed-" + i + "-" + UUID.randomUUID() + "@example.com", "hunter2!!")
                    .status());
        }
        int firstRefusal = statuses.indexOf(429);
        assertTrue(firstRefusal >= 0, "no 429 in " + STUFFING_STOPPED_WITHIN + " attempts: " + statuses);
        assertTrue(statuses.subList(0, firstRefusal).stream().allMatch(s -> s == 401), statuses.toString());
        assertTrue(
                statuses.subList(firstRefusal, statuses.size()).stream().allMatch(s -> s == 429),
                "refused from then on: " + statuses);
        String someone = signUp(PEOPLE + 1);
        assertEquals(201, login("127.0.3.3", someone, PASSWORD).status(), "another address is not refused");
    }
}
