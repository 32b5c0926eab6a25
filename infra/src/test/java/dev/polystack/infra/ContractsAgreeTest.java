package dev.polystack.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.polystack.app.Route;
import dev.polystack.app.RouteTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the three descriptions of the API honest: the route table (which the local gateway and the
 * CDK stack are built from), template.yaml for SAM, and the sample events in events/.
 */
class ContractsAgreeTest {
    static final Path ROOT = InfraApp.functionsJar().getParent().getParent().getParent();
    /** Events from AWS grow new fields, which the functions ignore. */
    static final ObjectMapper EVENTS = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    static JsonNode sam;

    @BeforeAll
    static void readTemplate() throws IOException {
        sam = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("template.yaml").toFile());
    }

    static Map<String, JsonNode> samFunctions() {
        Map<String, JsonNode> functions = new TreeMap<>();
        sam.get("Resources").fields().forEachRemaining(e -> {
            if ("AWS::Serverless::Function".equals(e.getValue().get("Type").asText())) {
                functions.put(e.getKey().replaceAll("Function$", ""), e.getValue().get("Properties"));
            }
        });
        return functions;
    }

    static Set<String> samRouteKeys() {
        Set<String> keys = new TreeSet<>();
        samFunctions().values().forEach(function -> function.path("Events").forEach(event -> {
            if ("HttpApi".equals(event.get("Type").asText())) {
                JsonNode props = event.get("Properties");
                keys.add(props.has("Path") ? props.get("Method").asText().toUpperCase() + " " + props.get("Path").asText() : Route.DEFAULT_PATH);
            }
        }));
        return keys;
    }

    static Set<String> tableRouteKeys() {
        return RouteTable.ROUTES.stream().map(Route::routeKey).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void samRoutesAreTheRouteTable() {
        assertEquals(tableRouteKeys(), samRouteKeys());
    }

    @Test
    void samGuardsTheSameRoutesWithTheAuthorizer() {
        for (Route route : RouteTable.ROUTES) {
            JsonNode event = samFunctions().get(route.function()).get("Events").get("Route").get("Properties");
            assertEquals(route.authorized(), event.has("Auth") && "BearerToken".equals(event.get("Auth").get("Authorizer").asText()), route.routeKey());
        }
        JsonNode authorizer = sam.get("Resources").get("HttpApi").get("Properties").get("Auth").get("Authorizers").get("BearerToken");
        assertTrue(authorizer.get("EnableSimpleResponses").asBoolean());
        assertEquals(0, authorizer.get("Identity").get("ReauthorizeEvery").asInt());
    }

    @Test
    void samFunctionsAreTheDeployedFunctionsWithRealHandlers() throws Exception {
        Map<String, FunctionSpec> specs = FunctionSpec.all();
        assertEquals(specs.keySet(), samFunctions().keySet());
        for (var entry : samFunctions().entrySet()) {
            String handler = entry.getValue().get("Handler").asText();
            assertEquals(specs.get(entry.getKey()).handler(), handler, entry.getKey());
            Class<?> type = Class.forName(handler);
            assertTrue(RequestStreamHandler.class.isAssignableFrom(type), handler);
            type.getConstructor();
        }
    }

    @Test
    void samPoliciesGrantWhatTheCdkStackGrants() {
        for (var entry : samFunctions().entrySet()) {
            FunctionSpec spec = FunctionSpec.all().get(entry.getKey());
            Set<String> expected = new TreeSet<>(Set.of("logs:CreateLogStream", "logs:PutLogEvents"));
            spec.access().forEach(access -> expected.addAll(List.of(access.actions)));
            if (spec.access().stream().anyMatch(Access::needsDatabaseSecret)) {
                expected.addAll(Set.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"));
            }
            Set<String> actual = new TreeSet<>();
            entry.getValue().get("Policies").forEach(policy -> policy.get("Statement").forEach(statement ->
                    statement.get("Action").forEach(action -> actual.add(action.asText()))));
            assertEquals(expected, actual, entry.getKey());
        }
    }

    @Test
    void samAndCdkGiveFunctionsTheSameEnvironmentNames() {
        Set<String> samNames = new TreeSet<>();
        sam.get("Globals").get("Function").get("Environment").get("Variables").fieldNames().forEachRemaining(samNames::add);
        assertEquals(Set.of("TABLE_NAME", "BUCKET_NAME", "DB_CLUSTER_ARN", "DB_SECRET_ARN", "DB_NAME"), samNames);
    }

    static Map<String, JsonNode> events() throws IOException {
        Map<String, JsonNode> events = new TreeMap<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("events"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                events.put(file.getFileName().toString(), EVENTS.readTree(file.toFile()));
            }
        }
        return events;
    }

    @Test
    void everySampleEventIsOneAFunctionAccepts() throws IOException {
        Map<String, String> kinds = new HashMap<>();
        for (var entry : events().entrySet()) {
            JsonNode event = entry.getValue();
            String kind;
            if ("REQUEST".equals(event.path("type").asText())) {
                kind = "authorizer";
                assertTrue(event.get("identitySource").isArray(), entry.getKey());
            } else if (event.has("routeKey")) {
                APIGatewayV2HTTPEvent decoded = EVENTS.treeToValue(event, APIGatewayV2HTTPEvent.class);
                assertTrue(tableRouteKeys().contains(decoded.getRouteKey()), entry.getKey() + " names an unknown route " + decoded.getRouteKey());
                assertEquals("2.0", decoded.getVersion(), entry.getKey());
                kind = "route";
            } else if (event.has("Records") && "aws:s3".equals(event.get("Records").get(0).get("eventSource").asText())) {
                kind = "s3";
            } else if ("aws.events".equals(event.path("source").asText())) {
                kind = "schedule";
            } else if (event.has("RequestType")) {
                kind = "cloudformation";
            } else {
                kind = null;
            }
            assertFalse(kind == null, entry.getKey() + " is not an event any function takes");
            kinds.put(entry.getKey(), kind);
        }
        assertEquals(Set.of("authorizer", "route", "s3", "schedule", "cloudformation"), Set.copyOf(kinds.values()));
    }

    @Test
    void everyRouteHasASampleEvent() throws IOException {
        Set<String> covered = events().values().stream().filter(e -> e.has("routeKey")).map(e -> e.get("routeKey").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(tableRouteKeys(), covered);
    }
}
