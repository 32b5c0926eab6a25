package dev.polystack.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polystack.local.Lanes;
import dev.polystack.local.LocalBackend;
import dev.polystack.local.StackClient;
import dev.polystack.local.StackOptions;
import dev.polystack.local.lambda.SamTemplate;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The local gateway applies the template's per-route throttles: 429 once a route's bucket is empty, other routes untouched. */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Lanes.OWN_STACKS)
class RouteThrottleIT {

    @Test
    void aRouteOverItsThrottleIsAnswered429AndOtherRoutesAreNot() throws Exception {
        Path project = SamTemplate.locate();
        String template = Files.readString(project, StandardCharsets.UTF_8);
        String settings = "      RouteSettings:\n";
        if (!template.contains(settings)) {
            throw new AssertionError("template.yaml has no RouteSettings");
        }
        // A rate so slow that the burst alone decides within the test.
        Path throttled = project.resolveSibling("local/target/route-throttle-template.yaml");
        Files.writeString(
                throttled,
                template.replace(
                        settings,
                        settings + "        'GET /health':\n          ThrottlingRateLimit: 0.01\n"
                                + "          ThrottlingBurstLimit: 3\n"),
                StandardCharsets.UTF_8);
        try (LocalBackend backend = LocalBackend.start(StackOptions.forTests().toBuilder()
                .functions(StackOptions.FunctionMode.IN_PROCESS, throttled, line -> {})
                .build())) {
            StackClient api = new StackClient(backend.gatewayEndpoint());
            List<Integer> statuses = new ArrayList<>();
            HttpResponse<String> last = null;
            for (int i = 0; i < 4; i++) {
                last = api.send("GET", "/health", null, null);
                statuses.add(last.statusCode());
            }
            assertEquals(List.of(200, 200, 200, 429), statuses);
            assertEquals("{\"message\":\"Too Many Requests\"}", last.body());
            assertEquals(200, api.send("GET", "/products", null, null).statusCode(), "another route");
        }
    }
}
