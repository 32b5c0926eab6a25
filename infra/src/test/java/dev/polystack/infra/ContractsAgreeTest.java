package dev.polystack.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystack.app.Access;
import dev.polystack.app.CorsPolicy;
import dev.polystack.app.FunctionSpec;
import dev.polystack.app.Functions;
import dev.polystack.app.Route;
import dev.polystack.app.RouteTable;
import dev.polystack.app.SaleSizing;
import dev.polystack.app.Trigger;
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
 * Keeps every description of the functions to the one definition, {@link Functions}: template.yaml
 * (its functions generated from it, the rest checked), openapi.yaml's paths and operation ids, and the
 * sample events in events/. The CDK stack and the local stack are built from the definition directly.
 */
class ContractsAgreeTest {
    static final Path ROOT = InfraApp.functionsJar().getParent().getParent().getParent();
    /** Events from AWS grow new fields, which the functions ignore. */
    static final ObjectMapper EVENTS = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static JsonNode sam;

    @BeforeAll
    static void readTemplate() throws IOException {
        sam = TemplateGraph.parse(Files.readString(ROOT.resolve("template.yaml")));
    }

    static Map<String, JsonNode> samFunctions() {
        Map<String, JsonNode> functions = new TreeMap<>();
        sam.get("Resources").fields().forEachRemaining(e -> {
            if ("AWS::Serverless::Function".equals(e.getValue().get("Type").asText())) {
                functions.put(
                        e.getKey().replaceAll("Function$", ""), e.getValue().get("Properties"));
            }
        });
        return functions;
    }

    /** A function's policy documents: those of its own role (each function has one; SAM generates none). */
    static JsonNode samPolicies(String function) {
        com.fasterxml.jackson.databind.node.ArrayNode documents = new ObjectMapper().createArrayNode();
        String role = samFunctions()
                .get(function)
                .get("Role")
                .get("Fn::GetAtt")
                .get(0)
                .asText();
        sam.get("Resources")
                .get(role)
                .get("Properties")
                .get("Policies")
                .forEach(p -> documents.add(p.get("PolicyDocument")));
        return documents;
    }

    static Set<String> samRouteKeys() {
        Set<String> keys = new TreeSet<>();
        samFunctions()
                .values()
                .forEach(function -> function.path("Events").forEach(event -> {
                    if ("HttpApi".equals(event.get("Type").asText())) {
                        JsonNode props = event.get("Properties");
                        keys.add(
                                props.has("Path")
                                        ? props.get("Method").asText().toUpperCase() + " "
                                                + props.get("Path").asText()
                                        : Route.DEFAULT_PATH);
                    }
                }));
        return keys;
    }

    static Set<String> tableRouteKeys() {
        return RouteTable.ROUTES.stream().map(Route::routeKey).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void templateYamlFunctionsAreWhatTheDefinitionWrites() throws IOException {
        String committed = Files.readString(ROOT.resolve("template.yaml"));
        assertEquals(
                SamFunctionBlocks.render(committed),
                committed,
                "template.yaml's functions differ from dev.polystack.app.Functions: run infra/write-sam-template and commit the result");
    }

    /** Each route's operation: its path and method in openapi.yaml, with the function's name (lower camel case) as operation id. */
    @Test
    void openApiOperationsAreTheDefinedRoutes() throws IOException {
        JsonNode openapi = TemplateGraph.parse(Files.readString(ROOT.resolve("openapi.yaml")));
        Map<String, String> documented = new TreeMap<>();
        openapi.get("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
                    if (operation.getValue().has("operationId")) {
                        documented.put(
                                operation.getKey().toUpperCase() + " " + path.getKey(),
                                operation.getValue().get("operationId").asText());
                    }
                }));
        Map<String, String> defined = new TreeMap<>();
        RouteTable.ROUTES.stream()
                .filter(route -> !route.isDefault())
                .forEach(route -> defined.put(
                        route.routeKey(),
                        Character.toLowerCase(route.function().charAt(0))
                                + route.function().substring(1)));
        assertEquals(defined, documented);
    }

    /** Every function has its sample event in events/, of the kind its trigger sends. */
    @Test
    void everyFunctionHasASampleEventOfItsTrigger() throws IOException {
        Map<String, JsonNode> events = events();
        for (FunctionSpec spec : Functions.ALL) {
            JsonNode event = events.get(spec.sampleEvent());
            assertTrue(event != null, spec.name() + ": events/" + spec.sampleEvent() + " is missing");
            Trigger trigger = spec.trigger();
            boolean fits;
            if (trigger instanceof Trigger.Api api) {
                fits = spec.route()
                        .orElseThrow()
                        .routeKey()
                        .equals(event.path("routeKey").asText());
            } else if (trigger instanceof Trigger.Authorizer) {
                fits = "REQUEST".equals(event.path("type").asText());
            } else if (trigger instanceof Trigger.ObjectCreated created) {
                fits = "aws:s3"
                                .equals(event.path("Records")
                                        .path(0)
                                        .path("eventSource")
                                        .asText())
                        && created.prefixes().stream()
                                .anyMatch(event.path("Records")
                                        .path(0)
                                        .path("s3")
                                        .path("object")
                                        .path("key")
                                        .asText()::startsWith);
            } else if (trigger instanceof Trigger.Schedule) {
                fits = "aws.events".equals(event.path("source").asText());
            } else if (trigger instanceof Trigger.Deploy) {
                fits = event.has("RequestType");
            } else {
                fits = "polystack.operator".equals(event.path("source").asText());
            }
            assertTrue(
                    fits,
                    spec.name() + ": events/" + spec.sampleEvent() + " is not an event of its trigger " + trigger);
        }
    }

    @Test
    void samRoutesAreTheRouteTable() {
        assertEquals(tableRouteKeys(), samRouteKeys());
    }

    @Test
    void samGuardsTheSameRoutesWithTheAuthorizer() {
        for (Route route : RouteTable.ROUTES) {
            JsonNode event = samFunctions()
                    .get(route.function())
                    .get("Events")
                    .get("Route")
                    .get("Properties");
            assertEquals(
                    route.authorized(),
                    event.has("Auth")
                            && "BearerToken"
                                    .equals(event.get("Auth").get("Authorizer").asText()),
                    route.routeKey());
        }
        JsonNode authorizer = sam.get("Resources")
                .get("HttpApi")
                .get("Properties")
                .get("Auth")
                .get("Authorizers")
                .get("BearerToken");
        assertTrue(authorizer.get("EnableSimpleResponses").asBoolean());
        assertEquals(0, authorizer.get("Identity").get("ReauthorizeEvery").asInt());
    }

    @Test
    void samFunctionsAreTheDeployedFunctionsWithRealHandlers() throws Exception {
        Map<String, FunctionSpec> specs = Functions.all();
        assertEquals(specs.keySet(), samFunctions().keySet());
        for (var entry : samFunctions().entrySet()) {
            String handler = entry.getValue().get("Handler").asText();
            assertEquals(specs.get(entry.getKey()).handlerName(), handler, entry.getKey());
            Class<?> type = Class.forName(handler);
            assertTrue(RequestStreamHandler.class.isAssignableFrom(type), handler);
            type.getConstructor();
        }
    }

    /** Every function traces; its own role allows the two X-Ray actions (SAM adds no managed policy to a given role). */
    @Test
    void samTracesEveryFunction() {
        assertEquals("Active", sam.get("Globals").get("Function").get("Tracing").asText());
        samFunctions()
                .forEach((id, function) -> assertFalse(function.has("Tracing"), id + " overrides the global tracing"));
    }

    @Test
    void samPoliciesGrantWhatTheCdkStackGrants() {
        for (var entry : samFunctions().entrySet()) {
            FunctionSpec spec = Functions.all().get(entry.getKey());
            Set<String> expected = new TreeSet<>(Set.of(
                    "logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords"));
            spec.access().forEach(access -> expected.addAll(access.actions()));
            if (spec.access().stream().anyMatch(Access::needsDatabaseSecret)) {
                expected.addAll(Set.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"));
            }
            Set<String> actual = new TreeSet<>();
            samPolicies(entry.getKey())
                    .forEach(policy -> policy.get("Statement")
                            .forEach(statement ->
                                    statement.get("Action").forEach(action -> actual.add(action.asText()))));
            assertEquals(expected, actual, entry.getKey());
        }
    }

    static int samTimeout(JsonNode function) {
        return function.has("Timeout")
                ? function.get("Timeout").asInt()
                : sam.get("Globals").get("Function").get("Timeout").asInt();
    }

    @Test
    void samTimeoutsAreTheFunctionSpecsSoApiFunctionsStopBeforeTheApi() {
        samFunctions()
                .forEach((id, function) ->
                        assertEquals(Functions.all().get(id).timeoutSeconds(), samTimeout(function), id));
        RouteTable.ROUTES.forEach(route -> assertTrue(
                samTimeout(samFunctions().get(route.function())) < Functions.API_INTEGRATION_LIMIT_SECONDS,
                route.function() + " must answer before the HTTP API's 30 s limit"));
        assertTrue(samTimeout(samFunctions().get(Functions.AUTHORIZER)) < Functions.API_INTEGRATION_LIMIT_SECONDS);
    }

    @Test
    void samAuthorizerInvokesTheLiveAliasWhereSnapStartApplies() {
        JsonNode authorizer = sam.get("Resources")
                .get("HttpApi")
                .get("Properties")
                .get("Auth")
                .get("Authorizers")
                .get("BearerToken");
        assertEquals(
                "AuthorizerFunction.Alias",
                authorizer.get("FunctionArn").get("Ref").asText(),
                "not $LATEST");
        assertEquals(
                "live",
                sam.get("Globals").get("Function").get("AutoPublishAlias").asText());
        assertTrue(
                authorizer.get("EnableFunctionDefaultPermissions").asBoolean(),
                "SAM grants the invoke permission on the same (alias) ARN");
    }

    @Test
    void samCorsIsCorsPolicy() {
        assertCorsConfigurationIs(
                CorsPolicy.DEFAULT,
                sam.get("Resources").get("HttpApi").get("Properties").get("CorsConfiguration"));
    }

    /** SAM's HttpApi and CloudFormation's AWS::ApiGatewayV2::Api spell CorsConfiguration alike. */
    static void assertCorsConfigurationIs(CorsPolicy expected, JsonNode cors) {
        assertEquals(expected.allowOrigins(), texts(cors.get("AllowOrigins")));
        assertEquals(expected.allowMethods(), texts(cors.get("AllowMethods")));
        assertEquals(expected.allowHeaders(), texts(cors.get("AllowHeaders")));
        assertEquals(expected.exposeHeaders(), texts(cors.get("ExposeHeaders")));
        assertEquals(expected.maxAgeSeconds(), cors.get("MaxAge").asInt());
    }

    static List<String> texts(JsonNode node) {
        return PolystackStackTest.texts(node);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"dev", "prod", "staging"})
    void samCarriesEachFunctionsReservedConcurrencyAndEachRoutesThrottleFromTheDefinition(String stage) {
        Map<String, Integer> reserved = reservedInStage(sam, "AWS::Serverless::Function", stage);
        Map<String, java.util.List<Double>> throttles = new java.util.TreeMap<>();
        sam.get("Resources")
                .get("HttpApi")
                .get("Properties")
                .path("RouteSettings")
                .fields()
                .forEachRemaining(route -> throttles.put(
                        route.getKey(),
                        java.util.List.of(
                                route.getValue().get("ThrottlingRateLimit").asDouble(),
                                route.getValue().get("ThrottlingBurstLimit").asDouble())));
        assertEquals(
                PolystackStackTest.definedConcurrencyAndThrottles(SaleSizing.forStage(stage)),
                PolystackStackTest.concurrencyAndThrottles(reserved, throttles));
    }

    /** What CloudFormation receives after SAM's transform: each Lambda function reserves the sale's size in prod only. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"dev", "prod"})
    void samTranslatorOutputReservesTheSaleConcurrencyInProdOnly(String stage) {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                CloudAssembly.samTranslatorPresent(),
                "the SAM translator (python3 -m pip install cfn-lint) is not installed here");
        JsonNode expanded = CloudAssembly.samExpanded("Stage=" + stage);
        Map<String, Integer> expected = new TreeMap<>();
        for (FunctionSpec spec : Functions.ALL) {
            SaleSizing.forStage(stage).reservedConcurrency(spec).ifPresent(n -> expected.put(spec.name(), n));
        }
        assertEquals(expected, reservedInStage(expanded, "AWS::Lambda::Function", stage));
    }

    /**
     * Each function's {@code ReservedConcurrentExecutions} as CloudFormation resolves it in a stack whose {@code Stage}
     * parameter is {@code stage}: a number, or {@code Fn::If} over a condition of the form
     * {@code Fn::Equals [Ref Stage, literal]}, whose other branch may be {@code AWS::NoValue}. Keyed by logical id
     * without {@code Function}.
     */
    static Map<String, Integer> reservedInStage(JsonNode template, String type, String stage) {
        Map<String, Integer> reserved = new TreeMap<>();
        template.get("Resources").fields().forEachRemaining(resource -> {
            JsonNode value = resource.getValue().path("Properties").path("ReservedConcurrentExecutions");
            if (!type.equals(resource.getValue().path("Type").asText()) || value.isMissingNode()) {
                return;
            }
            if (value.has("Fn::If")) {
                JsonNode condition = template.path("Conditions")
                        .path(value.get("Fn::If").get(0).asText());
                JsonNode equals = condition.path("Fn::Equals");
                assertEquals("Stage", equals.path(0).path("Ref").asText(), "a condition on the Stage: " + condition);
                value = value.get("Fn::If").get(stage.equals(equals.path(1).asText()) ? 1 : 2);
            }
            if (!"AWS::NoValue".equals(value.path("Ref").asText())) {
                assertTrue(value.canConvertToInt(), resource.getKey() + ": " + value);
                reserved.put(resource.getKey().replaceFirst("Function$", ""), value.asInt());
            }
        });
        return reserved;
    }

    @Test
    void samThrottlesTheStageAndRelaysLikeTheDevStage() {
        JsonNode settings =
                sam.get("Resources").get("HttpApi").get("Properties").get("DefaultRouteSettings");
        assertEquals(
                "ThrottlingRateLimit",
                settings.get("ThrottlingRateLimit").get("Ref").asText());
        assertEquals(
                "ThrottlingBurstLimit",
                settings.get("ThrottlingBurstLimit").get("Ref").asText());
        assertEquals(
                DeploymentStage.DEV.throttleRate,
                sam.get("Parameters").get("ThrottlingRateLimit").get("Default").asDouble());
        assertEquals(
                DeploymentStage.DEV.throttleBurst,
                sam.get("Parameters").get("ThrottlingBurstLimit").get("Default").asInt());
        assertEquals(
                "rate(" + DeploymentStage.DEV.relayEveryMinutes + " minutes)",
                sam.get("Parameters").get("RelaySchedule").get("Default").asText());
    }

    @Test
    void samNamesTheUploadBucketOnceAsALowerCaseString() {
        JsonNode name = sam.get("Resources")
                .get("UploadBucket")
                .get("Properties")
                .get("BucketName")
                .get("Fn::Sub");
        assertEquals("polystack-${Stage}-uploads-${AWS::AccountId}-${AWS::Region}", name.asText());
        // The stack's own bucket unless the stack is switched to a restored one (docs/recovery.md).
        JsonNode variable = sam.get("Globals")
                .get("Function")
                .get("Environment")
                .get("Variables")
                .get("BUCKET_NAME")
                .get("Fn::If");
        assertEquals("UseRestoredBucket", variable.get(0).asText());
        assertEquals(name, variable.get(2).get("Fn::Sub"));
        assertEquals(
                "^[a-z0-9-]{1,12}$",
                sam.get("Parameters").get("Stage").get("AllowedPattern").asText(),
                "bucket names are lower case");
        samFunctions()
                .forEach((id, function) -> samPolicies(id)
                        .forEach(policy -> policy.get("Statement").forEach(statement -> {
                            String resource = statement.get("Resource").toString();
                            if (resource.contains(":s3:::")) {
                                assertTrue(
                                        resource.contains("arn:${AWS::Partition}:s3:::" + name.asText()),
                                        id + ": " + resource);
                            }
                        })));
    }

    @Test
    void samExpiresExportsAfterADayAndScopesTheExportFunctionToThem() {
        boolean expires = false;
        for (JsonNode rule : sam.get("Resources")
                .get("UploadBucket")
                .get("Properties")
                .get("LifecycleConfiguration")
                .get("Rules")) {
            expires |= "exports/".equals(rule.path("Prefix").asText())
                    && rule.path("ExpirationInDays").asInt() == 1;
        }
        assertTrue(expires, "template.yaml expires exports/ after a day, as the CDK stack does");
        String s3Resources = samPolicies("ExportMe").toString();
        assertTrue(s3Resources.contains("/exports/*") && !s3Resources.contains("/uploads/*"), s3Resources);
    }

    @Test
    void samCompletionMayListUploadsAndKeepsFailedEvents() {
        JsonNode completed = samFunctions().get(Functions.UPLOAD_COMPLETED);
        JsonNode list = null;
        for (JsonNode statement : samPolicies(Functions.UPLOAD_COMPLETED).get(0).get("Statement")) {
            if (texts(statement.get("Action")).contains("s3:ListBucket")) {
                list = statement;
            }
        }
        assertEquals(
                List.of("uploads/*", "products/*"),
                texts(list.get("Condition").get("StringLike").get("s3:prefix")),
                "list only under uploads/ and products/");
        JsonNode invoke = completed.get("EventInvokeConfig");
        assertEquals(
                "SQS",
                invoke.get("DestinationConfig").get("OnFailure").get("Type").asText());
        assertEquals(
                "UploadCompletedFailures",
                invoke.get("DestinationConfig")
                        .get("OnFailure")
                        .get("Destination")
                        .get("Fn::GetAtt")
                        .get(0)
                        .asText());
        assertEquals(2, invoke.get("MaximumRetryAttempts").asInt());
    }

    @Test
    void samAndCdkGiveFunctionsTheSameEnvironmentNames() {
        Set<String> samNames = new TreeSet<>();
        sam.get("Globals")
                .get("Function")
                .get("Environment")
                .get("Variables")
                .fieldNames()
                .forEachRemaining(samNames::add);
        assertEquals(
                Set.of(
                        "TABLE_NAME",
                        "BUCKET_NAME",
                        "LEDGER_TABLE",
                        "DB_CLUSTER_ARN",
                        "DB_SECRET_ARN",
                        "DB_NAME",
                        "SEARCH_LANGUAGE",
                        "IMAGE_BASE_URL",
                        dev.polystack.app.EdgePolicy.ORIGIN_SECRET_VARIABLE),
                samNames);
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
                assertTrue(
                        tableRouteKeys().contains(decoded.getRouteKey()),
                        entry.getKey() + " names an unknown route " + decoded.getRouteKey());
                assertEquals("2.0", decoded.getVersion(), entry.getKey());
                kind = "route";
            } else if (event.has("Records")
                    && "aws:s3"
                            .equals(event.get("Records")
                                    .get(0)
                                    .get("eventSource")
                                    .asText())) {
                kind = "s3";
            } else if ("aws.events".equals(event.path("source").asText())) {
                kind = "schedule";
            } else if (event.has("RequestType")) {
                kind = "cloudformation";
            } else if ("polystack.operator".equals(event.path("source").asText())) {
                kind = "operator";
            } else {
                kind = null;
            }
            assertFalse(kind == null, entry.getKey() + " is not an event any function takes");
            kinds.put(entry.getKey(), kind);
        }
        assertEquals(
                Set.of("authorizer", "route", "s3", "schedule", "cloudformation", "operator"),
                Set.copyOf(kinds.values()));
    }

    @Test
    void everyRouteHasASampleEvent() throws IOException {
        Set<String> covered = events().values().stream()
                .filter(e -> e.has("routeKey"))
                .map(e -> e.get("routeKey").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(tableRouteKeys(), covered);
    }
}
