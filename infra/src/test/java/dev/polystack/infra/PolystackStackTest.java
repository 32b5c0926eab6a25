package dev.polystack.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystack.app.Access;
import dev.polystack.app.CorsPolicy;
import dev.polystack.app.FunctionSpec;
import dev.polystack.app.Functions;
import dev.polystack.app.Route;
import dev.polystack.app.RouteTable;
import dev.polystack.app.SaleSizing;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.NestedStack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/** Synthesises the app for both stages (no AWS account needed) and checks what `cdk deploy` would create. */
class PolystackStackTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, Synth> STAGES = new HashMap<>();

    record Synth(PolystackStack stack, Template template, JsonNode json) {
        JsonNode resources() {
            return json.get("Resources");
        }

        Map<String, JsonNode> ofType(String type) {
            Map<String, JsonNode> found = new HashMap<>();
            resources().fields().forEachRemaining(e -> {
                if (type.equals(e.getValue().path("Type").asText())) {
                    found.put(e.getKey(), e.getValue());
                }
            });
            return found;
        }

        JsonNode only(String type) {
            Map<String, JsonNode> found = ofType(type);
            assertEquals(1, found.size(), type);
            return found.values().iterator().next();
        }
    }

    /** cdk.json's context (the feature flags `cdk deploy` passes to the app), with the given overrides. */
    static Map<String, Object> cdkJsonContext(Map<String, Object> overrides) {
        try {
            Map<String, Object> context = new HashMap<>(JSON.convertValue(
                    JSON.readTree(ContractsAgreeTest.ROOT.resolve("cdk.json").toFile())
                            .get("context"),
                    Map.class));
            context.putAll(overrides);
            return context;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final Map<Map<String, Object>, Synth> SYNTHS = new HashMap<>();

    /**
     * The stack's template with the resources of its nested stacks added (their logical ids do not collide:
     * checked), synthesised once per context per test JVM (the test classes share it; none changes it).
     */
    static synchronized Synth synth(Map<String, Object> context) {
        Synth synth = SYNTHS.get(context);
        if (synth == null) {
            synth = synthesised(context);
            SYNTHS.put(Map.copyOf(context), synth);
        }
        return synth;
    }

    /**
     * The folder of the cloud assembly of the app {@link #synth} built for {@code context} (its templates and
     * nested templates, as {@code cdk synth} writes them): the assembly that synth made, not another synth.
     */
    static Path assembly(Map<String, Object> context) {
        App app = (App) synth(context).stack().getNode().getRoot();
        return Path.of(app.synth().getDirectory());
    }

    @SuppressWarnings("unchecked")
    private static Synth synthesised(Map<String, Object> context) {
        App app = new App(AppProps.builder().context(cdkJsonContext(context)).build());
        PolystackStack stack = InfraApp.build(app);
        Map<String, Object> merged = new HashMap<>(Template.fromStack(stack).toJSON());
        Map<String, Object> resources = new HashMap<>((Map<String, Object>) merged.get("Resources"));
        for (IConstruct part : stack.getNode().findAll()) {
            if (part instanceof NestedStack nested) {
                ((Map<String, Object>) Template.fromStack(nested).toJSON().get("Resources"))
                        .forEach((id, resource) ->
                                assertEquals(null, resources.put(id, resource), "logical id " + id + " in two stacks"));
            }
        }
        merged.put("Resources", resources);
        Template template = Template.fromJSON(merged);
        return new Synth(stack, template, JSON.valueToTree(merged));
    }

    @BeforeAll
    static void synthesise() {
        for (String stage : List.of("dev", "prod")) {
            STAGES.put(stage, synth(Map.of("stage", stage)));
        }
    }

    static Synth dev() {
        return STAGES.get("dev");
    }

    static Synth prod() {
        return STAGES.get("prod");
    }

    /** Our functions (CDK adds helper functions of its own). */
    static Map<String, JsonNode> ourFunctions(Synth synth) {
        return synth.ofType("AWS::Lambda::Function").entrySet().stream()
                .filter(e ->
                        e.getValue().path("Properties").path("Handler").asText().startsWith("dev.polystack."))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void everyFunctionRunsJava21OnArm64WithSnapStartBehindALiveAlias() {
        Map<String, JsonNode> functions = ourFunctions(dev());
        assertEquals(Functions.all().size(), functions.size());
        Set<String> handlers = new TreeSet<>();
        for (JsonNode function : functions.values()) {
            JsonNode props = function.get("Properties");
            handlers.add(props.get("Handler").asText());
            assertEquals("java21", props.get("Runtime").asText());
            assertEquals("arm64", props.get("Architectures").get(0).asText());
            assertEquals(
                    "PublishedVersions", props.get("SnapStart").get("ApplyOn").asText());
            assertEquals(
                    "Active",
                    props.get("TracingConfig").get("Mode").asText(),
                    "X-Ray (HTTP APIs cannot trace, functions can)");
            assertTrue(props.get("MemorySize").asInt() >= 512);
            assertNotNull(
                    props.get("LoggingConfig").get("LogGroup"), "each function logs to its own group with retention");
            assertEquals(
                    "polystack",
                    props.get("Environment").get("Variables").get("DB_NAME").asText());
            assertEquals(
                    "english",
                    props.get("Environment")
                            .get("Variables")
                            .get("SEARCH_LANGUAGE")
                            .asText(),
                    "the default text search configuration");
            for (String name : List.of("TABLE_NAME", "BUCKET_NAME", "DB_CLUSTER_ARN", "DB_SECRET_ARN")) {
                assertTrue(props.get("Environment").get("Variables").has(name), name);
            }
        }
        assertEquals(
                Functions.all().values().stream()
                        .map(FunctionSpec::handlerName)
                        .collect(Collectors.toCollection(TreeSet::new)),
                handlers);
        assertEquals(
                functions.size(),
                dev().ofType("AWS::Lambda::Alias").values().stream()
                        .filter(alias ->
                                alias.get("Properties").get("Name").asText().equals("live"))
                        .count());
        dev().template()
                .hasResourceProperties(
                        "AWS::Lambda::Function",
                        Match.objectLike(
                                Map.of("Handler", "dev.polystack.session.handler.LoginHandler", "MemorySize", 1024)));
    }

    static JsonNode functionWithHandler(Synth synth, String handler) {
        return ourFunctions(synth).values().stream()
                .filter(f -> f.get("Properties").get("Handler").asText().equals(handler))
                .findFirst()
                .orElseThrow()
                .get("Properties");
    }

    @Test
    void apiFunctionsStopBeforeTheApiGivesUp() {
        for (FunctionSpec spec : Functions.all().values()) {
            assertEquals(
                    spec.timeoutSeconds(),
                    functionWithHandler(dev(), spec.handlerName())
                            .get("Timeout")
                            .asInt(),
                    spec.name());
        }
        RouteTable.ROUTES.forEach(route -> assertTrue(
                Functions.all().get(route.function()).timeoutSeconds() < Functions.API_INTEGRATION_LIMIT_SECONDS,
                route.routeKey()));
        assertTrue(
                Functions.all().get(Functions.AUTHORIZER).timeoutSeconds() < Functions.API_INTEGRATION_LIMIT_SECONDS);
    }

    @Test
    void everyFunctionCdksHelpersIncludedLogsToAGroupWithRetention() {
        for (Synth synth : STAGES.values()) {
            Map<String, JsonNode> groups = synth.ofType("AWS::Logs::LogGroup");
            synth.ofType("AWS::Lambda::Function").forEach((id, function) -> {
                JsonNode group =
                        function.path("Properties").path("LoggingConfig").path("LogGroup");
                assertTrue(
                        group.has("Ref") && groups.containsKey(group.get("Ref").asText()),
                        id + " logs to a group the stack owns");
                assertTrue(
                        groups.get(group.get("Ref").asText()).get("Properties").has("RetentionInDays"), id);
            });
        }
        JsonNode auroraLogs = dev().only("Custom::LogRetention").get("Properties");
        assertTrue(
                auroraLogs.get("LogGroupName").toString().contains("/postgresql"), "Aurora's exported PostgreSQL log");
        assertEquals(14, auroraLogs.get("RetentionInDays").asInt());
        assertEquals(
                90,
                prod().only("Custom::LogRetention")
                        .get("Properties")
                        .get("RetentionInDays")
                        .asInt());
    }

    @Test
    void logGroupsKeepLogsLongerInProd() {
        assertTrue(dev().ofType("AWS::Logs::LogGroup").values().stream()
                .allMatch(g -> g.get("Properties").get("RetentionInDays").asInt() == 14));
        assertTrue(prod().ofType("AWS::Logs::LogGroup").values().stream()
                .allMatch(g -> g.get("Properties").get("RetentionInDays").asInt() == 90));
    }

    @Test
    void theApiRoutesAreExactlyTheRouteTable() {
        Set<String> expected =
                RouteTable.ROUTES.stream().map(Route::routeKey).collect(Collectors.toCollection(TreeSet::new));
        Set<String> actual = dev().ofType("AWS::ApiGatewayV2::Route").values().stream()
                .map(r -> r.get("Properties").get("RouteKey").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, actual);
        for (JsonNode route : dev().ofType("AWS::ApiGatewayV2::Route").values()) {
            String key = route.get("Properties").get("RouteKey").asText();
            boolean guarded =
                    RouteTable.ROUTES.stream().anyMatch(r -> r.routeKey().equals(key) && r.authorized());
            assertEquals(
                    guarded ? "CUSTOM" : "NONE",
                    route.get("Properties").path("AuthorizationType").asText("NONE"),
                    key);
        }
    }

    @Test
    void theAuthorizerIsAnUncachedSimpleBearerCheck() {
        JsonNode authorizer = dev().only("AWS::ApiGatewayV2::Authorizer").get("Properties");
        assertEquals("REQUEST", authorizer.get("AuthorizerType").asText());
        assertEquals("2.0", authorizer.get("AuthorizerPayloadFormatVersion").asText());
        assertTrue(authorizer.get("EnableSimpleResponses").asBoolean());
        assertEquals(
                "$request.header.Authorization",
                authorizer.get("IdentitySource").get(0).asText());
        assertEquals(
                0,
                authorizer.get("AuthorizerResultTtlInSeconds").asInt(),
                "a revoked session must stop working at once");
        assertTrue(dev().only("AWS::ApiGatewayV2::Stage").get("Properties").has("AccessLogSettings"));
    }

    @Test
    void theTableIsOnDemandWithTtlPitrAndProdProtection() {
        Map<String, Object> design = Map.of(
                "BillingMode", "PAY_PER_REQUEST",
                "KeySchema",
                        List.of(
                                Map.of("AttributeName", "PK", "KeyType", "HASH"),
                                Map.of("AttributeName", "SK", "KeyType", "RANGE")),
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true),
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true));
        dev().template().hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(design));
        dev().template().hasResource("AWS::DynamoDB::Table", Match.objectLike(Map.of("DeletionPolicy", "Delete")));
        prod().template()
                .hasResourceProperties(
                        "AWS::DynamoDB::Table", Match.objectLike(Map.of("DeletionProtectionEnabled", true)));
        prod().template().hasResource("AWS::DynamoDB::Table", Match.objectLike(Map.of("DeletionPolicy", "Retain")));
    }

    @Test
    void theUploadBucketIsPrivateEncryptedTlsOnlyWithCorsLifecycleAndNotification() {
        dev().template()
                .hasResourceProperties(
                        "AWS::S3::Bucket",
                        Match.objectLike(Map.of(
                                "PublicAccessBlockConfiguration",
                                        Map.of(
                                                "BlockPublicAcls",
                                                true,
                                                "BlockPublicPolicy",
                                                true,
                                                "IgnorePublicAcls",
                                                true,
                                                "RestrictPublicBuckets",
                                                true),
                                "BucketEncryption",
                                        Match.objectLike(Map.of("ServerSideEncryptionConfiguration", Match.anyValue())),
                                "CorsConfiguration",
                                        Match.objectLike(Map.of(
                                                "CorsRules",
                                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                                        "AllowedMethods", Match.arrayWith(List.of("POST", "PUT")))))))),
                                "LifecycleConfiguration",
                                        Match.objectLike(Map.of(
                                                "Rules",
                                                Match.arrayWith(List.of(Match.objectLike(Map.of(
                                                        "AbortIncompleteMultipartUpload",
                                                        Map.of("DaysAfterInitiation", 1))))))),
                                "LoggingConfiguration", Match.anyValue())));
        String policies = dev().ofType("AWS::S3::BucketPolicy").values().toString();
        assertTrue(policies.contains("aws:SecureTransport"), "TLS-only bucket policy");
        JsonNode notifications =
                dev().only("Custom::S3BucketNotifications").get("Properties").get("NotificationConfiguration");
        JsonNode lambda = notifications.get("LambdaFunctionConfigurations").get(0);
        assertEquals("s3:ObjectCreated:*", lambda.get("Events").get(0).asText());
        assertEquals(
                "uploads/",
                lambda.get("Filter")
                        .get("Key")
                        .get("FilterRules")
                        .get(0)
                        .get("Value")
                        .asText());
    }

    @Test
    void auroraServerlessV2HasTheDataApiInIsolatedSubnets() {
        JsonNode cluster = dev().only("AWS::RDS::DBCluster").get("Properties");
        assertEquals("aurora-postgresql", cluster.get("Engine").asText());
        assertTrue(cluster.get("EnableHttpEndpoint").asBoolean(), "Data API");
        assertTrue(cluster.get("StorageEncrypted").asBoolean());
        assertEquals(
                4,
                cluster.get("ServerlessV2ScalingConfiguration")
                        .get("MaxCapacity")
                        .asInt());
        assertEquals(7, cluster.get("BackupRetentionPeriod").asInt());
        assertEquals(
                35,
                prod().only("AWS::RDS::DBCluster")
                        .get("Properties")
                        .get("BackupRetentionPeriod")
                        .asInt());
        assertTrue(prod().only("AWS::RDS::DBCluster")
                .get("Properties")
                .get("DeletionProtection")
                .asBoolean());
        assertEquals(
                2,
                dev().ofType("AWS::SecretsManager::Secret").size(),
                "the database's credentials and the edge's origin secret (EdgeTemplateTest) in Secrets Manager");
        assertTrue(dev().ofType("AWS::EC2::NatGateway").isEmpty());
        assertTrue(dev().ofType("AWS::EC2::InternetGateway").isEmpty(), "isolated subnets only");
        assertFalse(dev().ofType("AWS::EC2::FlowLog").isEmpty());
        for (JsonNode function : ourFunctions(dev()).values()) {
            assertFalse(function.get("Properties").has("VpcConfig"), "functions stay outside the VPC");
        }
    }

    @Test
    void migrationsRunOnDeployAndTheRelayOnASchedule() {
        JsonNode migration = dev().only("Custom::SchemaMigration").get("Properties");
        assertEquals(
                PolystackStack.migrationsChecksum(),
                migration.get("migrationsChecksum").asText());
        JsonNode migrate = ourFunctions(dev()).values().stream()
                .filter(f -> f.get("Properties").get("Handler").asText().endsWith("MigrationHandler"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                "PT4M",
                migrate.get("Properties")
                        .get("Environment")
                        .get("Variables")
                        .get("DATA_API_RETRY_BUDGET")
                        .asText(),
                "a deploy waits for a paused Aurora to resume");
        assertEquals(
                "rate(1 minute)",
                rule(prod(), "OutboxRelaySchedule")
                        .get("Properties")
                        .get("ScheduleExpression")
                        .asText());
        assertEquals(
                "rate(7 minutes)",
                rule(synth(Map.of("stage", "dev", "relayEveryMinutes", "7")), "OutboxRelaySchedule")
                        .get("Properties")
                        .get("ScheduleExpression")
                        .asText(),
                "-c relayEveryMinutes=7");
    }

    /** The schedule rule whose logical id starts with {@code name}. */
    static JsonNode rule(Synth synth, String name) {
        return synth.ofType("AWS::Events::Rule").entrySet().stream()
                .filter(e -> e.getKey().startsWith(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no rule " + name));
    }

    @Test
    void erasuresAreResumedOnAScheduleWithDeletePermissionOnlyForTheUsersPrefixes() {
        for (Synth synth : STAGES.values()) {
            JsonNode erase = rule(synth, "EraseAccountsSchedule").get("Properties");
            assertEquals(
                    "rate(" + Functions.ERASE_EVERY_MINUTES + " minutes)",
                    erase.get("ScheduleExpression").asText());
            assertTrue(erase.get("Targets").toString().contains("EraseAccounts"), erase.toString());
        }
        for (String id : List.of("DeleteMe", Functions.ERASE_ACCOUNTS)) {
            String role = functionWithHandler(dev(), Functions.all().get(id).handlerName())
                    .get("Role")
                    .get("Fn::GetAtt")
                    .get(0)
                    .asText();
            JsonNode list = null;
            JsonNode delete = null;
            for (JsonNode policy : dev().ofType("AWS::IAM::Policy").values()) {
                if (policy.get("Properties").get("Roles").toString().contains(role)) {
                    for (JsonNode statement :
                            policy.get("Properties").get("PolicyDocument").get("Statement")) {
                        if (texts(statement.get("Action")).contains("s3:ListBucket")) {
                            list = statement;
                        }
                        if (texts(statement.get("Action")).contains("s3:DeleteObject")) {
                            delete = statement;
                        }
                    }
                }
            }
            assertNotNull(list, id);
            assertEquals(
                    List.of("uploads/*", "exports/*"),
                    texts(list.get("Condition").get("StringLike").get("s3:prefix")),
                    id);
            assertNotNull(delete, id);
            String resources = delete.get("Resource").toString();
            assertTrue(
                    resources.contains("/uploads/*")
                            && resources.contains("/exports/*")
                            && !resources.contains("/products/"),
                    id + ": " + resources);
        }
    }

    @Test
    void devAuroraCanPauseBecauseNothingScheduledWakesItEveryFiveMinutes() {
        JsonNode scaling = dev().only("AWS::RDS::DBCluster").get("Properties").get("ServerlessV2ScalingConfiguration");
        assertEquals(0, scaling.get("MinCapacity").asDouble(), "dev scales to 0 ACU and pauses");
        int pauseAfterSeconds = scaling.path("SecondsUntilAutoPause").asInt(300);
        // The relay is the only schedule that always reaches Aurora (the erasure pickup only when a job is pending);
        // the health check runs only when asked.
        JsonNode rule = rule(dev(), "OutboxRelaySchedule").get("Properties");
        Matcher rate = Pattern.compile("rate\\((\\d+) minutes?\\)")
                .matcher(rule.get("ScheduleExpression").asText());
        assertTrue(rate.matches(), rule.toString());
        assertTrue(
                60 * Integer.parseInt(rate.group(1)) >= 2 * pauseAfterSeconds,
                "the relay leaves Aurora idle long enough to pause for most of each cycle: "
                        + rule.get("ScheduleExpression"));
        assertEquals(
                0.5,
                prod().only("AWS::RDS::DBCluster")
                        .get("Properties")
                        .get("ServerlessV2ScalingConfiguration")
                        .get("MinCapacity")
                        .asDouble());
    }

    static Set<String> dependsOn(JsonNode resource) {
        Set<String> names = new TreeSet<>();
        resource.path("DependsOn").forEach(d -> names.add(d.asText()));
        return names;
    }

    @Test
    void routesStageAndRelayWaitForTheSchema() {
        String schema =
                dev().ofType("Custom::SchemaMigration").keySet().iterator().next();
        for (String type : List.of("AWS::ApiGatewayV2::Route", "AWS::ApiGatewayV2::Stage", "AWS::Events::Rule")) {
            dev().ofType(type)
                    .forEach((id, resource) ->
                            assertTrue(dependsOn(resource).contains(schema), id + " waits for " + schema));
        }
    }

    /** What active tracing needs; X-Ray has no resource-level permissions for these. */
    static final Set<String> X_RAY = Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords");

    static List<String> texts(JsonNode node) {
        List<String> texts = new java.util.ArrayList<>();
        (node.isArray() ? node : JSON.createArrayNode().add(node)).forEach(n -> texts.add(n.asText()));
        return texts;
    }

    @Test
    void exportsExpireAfterADayTriggerNothingAndOnlyTheExportFunctionWritesThem() {
        JsonNode bucket = dev().ofType("AWS::S3::Bucket").values().stream()
                .filter(b -> b.path("Properties").has("CorsConfiguration"))
                .findFirst()
                .orElseThrow();
        boolean expires = false;
        for (JsonNode rule :
                bucket.get("Properties").get("LifecycleConfiguration").get("Rules")) {
            expires |= "exports/".equals(rule.path("Prefix").asText())
                    && rule.path("ExpirationInDays").asInt() == 1
                    && "Enabled".equals(rule.path("Status").asText());
        }
        assertTrue(
                expires,
                "a lifecycle rule expires exports/ after a day: "
                        + bucket.get("Properties").get("LifecycleConfiguration"));
        JsonNode notifications =
                dev().only("Custom::S3BucketNotifications").get("Properties").get("NotificationConfiguration");
        notifications
                .get("LambdaFunctionConfigurations")
                .forEach(configuration -> assertTrue(
                        Set.of("uploads/", "products/")
                                .contains(configuration
                                        .get("Filter")
                                        .get("Key")
                                        .get("FilterRules")
                                        .get(0)
                                        .get("Value")
                                        .asText()),
                        "only uploads/ and products/ notify: " + configuration));
        for (FunctionSpec spec : Functions.all().values()) {
            boolean writesExports = spec.access().contains(Access.EXPORTS_PUT);
            assertEquals(spec.name().equals("ExportMe"), writesExports, spec.name());
        }
    }

    @Test
    void eachFunctionRoleAllowsOnlyWhatItsFunctionUses() {
        Map<String, String> functionByRole = new HashMap<>();
        ourFunctions(dev())
                .forEach((id, function) -> functionByRole.put(
                        function.get("Properties")
                                .get("Role")
                                .get("Fn::GetAtt")
                                .get(0)
                                .asText(),
                        function.get("Properties").get("Handler").asText()));
        Map<String, Set<String>> actionsByHandler = new HashMap<>();
        for (JsonNode policy : dev().ofType("AWS::IAM::Policy").values()) {
            for (JsonNode role : policy.get("Properties").get("Roles")) {
                String handler = functionByRole.get(role.get("Ref").asText());
                if (handler == null) {
                    continue;
                }
                for (JsonNode statement :
                        policy.get("Properties").get("PolicyDocument").get("Statement")) {
                    assertEquals("Allow", statement.get("Effect").asText());
                    for (JsonNode action : statement.get("Action").isArray()
                            ? statement.get("Action")
                            : JSON.createArrayNode().add(statement.get("Action"))) {
                        assertFalse(action.asText().contains("*"), handler + " has a wildcard action " + action);
                        actionsByHandler
                                .computeIfAbsent(handler, h -> new TreeSet<>())
                                .add(action.asText());
                    }
                    JsonNode resources = statement.get("Resource").isArray()
                            ? statement.get("Resource")
                            : JSON.createArrayNode().add(statement.get("Resource"));
                    boolean xray = statement.get("Action").toString().contains("xray:");
                    for (JsonNode resource : resources) {
                        assertFalse(
                                resource.isTextual()
                                        && resource.asText().equals("*")
                                        && !(xray && X_RAY.containsAll(texts(statement.get("Action")))),
                                handler + " has Resource * outside its X-Ray statement");
                    }
                }
            }
        }
        for (FunctionSpec spec : Functions.all().values()) {
            Set<String> expected = new TreeSet<>(Set.of("logs:CreateLogStream", "logs:PutLogEvents"));
            expected.addAll(X_RAY);
            spec.access().forEach(access -> expected.addAll(access.actions()));
            if (spec.access().stream().anyMatch(Access::needsDatabaseSecret)) {
                expected.addAll(Set.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"));
            }
            expected.addAll(OrderLake.actionsGrantedTo(spec.name()));
            assertEquals(expected, actionsByHandler.getOrDefault(spec.handlerName(), Set.of()), spec.name());
        }
    }

    @Test
    void alarmsDashboardAndOutputs() {
        int functions = Functions.all().size();
        assertTrue(
                dev().ofType("AWS::CloudWatch::Alarm").size() >= 2 * functions + 4,
                "errors and throttles per function, API 5xx, DynamoDB, Data API, outbox");
        String alarms = dev().ofType("AWS::CloudWatch::Alarm").values().toString();
        for (String metric : List.of("DataApiErrors", "OutboxBacklogAgeSeconds", "5xx", "ThrottledRequests")) {
            assertTrue(alarms.contains(metric), metric);
        }
        assertEquals(1, dev().ofType("AWS::CloudWatch::Dashboard").size());
        for (String output : List.of("ApiUrl", "BucketName", "TableName", "ClusterArn")) {
            assertTrue(dev().json().get("Outputs").has(output), output);
        }
    }

    static JsonNode statementFor(JsonNode policyDocument, String principalService, String action) {
        for (JsonNode statement : policyDocument.get("Statement")) {
            if ("Allow".equals(statement.get("Effect").asText())
                    && statement.path("Principal").path("Service").asText().equals(principalService)
                    && texts(statement.get("Action")).contains(action)) {
                return statement;
            }
        }
        return null;
    }

    @Test
    void alarmsReachTheTopicThroughAKeyCloudWatchMayUse() {
        JsonNode topic = dev().only("AWS::SNS::Topic").get("Properties");
        String keyId = topic.get("KmsMasterKeyId").get("Fn::GetAtt").get(0).asText();
        JsonNode key = dev().resources().get(keyId);
        assertEquals("AWS::KMS::Key", key.get("Type").asText(), "a customer managed key, not alias/aws/sns");
        assertTrue(key.get("Properties").get("EnableKeyRotation").asBoolean());
        JsonNode keyUse =
                statementFor(key.get("Properties").get("KeyPolicy"), "cloudwatch.amazonaws.com", "kms:Decrypt");
        assertNotNull(keyUse, "CloudWatch may use the key");
        assertTrue(texts(keyUse.get("Action")).contains("kms:GenerateDataKey*"));
        assertTrue(
                keyUse.get("Condition").get("StringEquals").has("aws:SourceAccount"), "for this account's alarms only");
        JsonNode topicPolicy =
                dev().only("AWS::SNS::TopicPolicy").get("Properties").get("PolicyDocument");
        JsonNode publish = statementFor(topicPolicy, "cloudwatch.amazonaws.com", "sns:Publish");
        assertNotNull(publish, "the topic policy allows CloudWatch to publish (enforceSsl alone leaves only a Deny)");
        assertTrue(publish.get("Condition").get("StringEquals").has("aws:SourceAccount"));
        dev().ofType("AWS::CloudWatch::Alarm")
                .forEach((id, alarm) -> assertEquals(
                        dev().ofType("AWS::SNS::Topic").keySet().iterator().next(),
                        alarm.get("Properties")
                                .get("AlarmActions")
                                .get(0)
                                .get("Ref")
                                .asText(),
                        id));
    }

    @Test
    void theCompletionFunctionMayListUploadsSoAMissingObjectIs404() {
        String role = functionWithHandler(
                        dev(), Functions.all().get(Functions.UPLOAD_COMPLETED).handlerName())
                .get("Role")
                .get("Fn::GetAtt")
                .get(0)
                .asText();
        JsonNode list = null;
        for (JsonNode policy : dev().ofType("AWS::IAM::Policy").values()) {
            if (policy.get("Properties").get("Roles").toString().contains(role)) {
                for (JsonNode statement :
                        policy.get("Properties").get("PolicyDocument").get("Statement")) {
                    if (texts(statement.get("Action")).contains("s3:ListBucket")) {
                        list = statement;
                    }
                }
            }
        }
        assertNotNull(list, "without s3:ListBucket S3 answers a HEAD of a missing object 403");
        assertEquals(
                List.of("uploads/*", "products/*"),
                texts(list.get("Condition").get("StringLike").get("s3:prefix")));
    }

    @Test
    void productImagesAreServedByCloudFrontThroughOriginAccessControlFromProductsOnly() {
        for (Synth synth : STAGES.values()) {
            JsonNode control = synth.only("AWS::CloudFront::OriginAccessControl")
                    .get("Properties")
                    .get("OriginAccessControlConfig");
            assertEquals(
                    List.of("s3", "always", "sigv4"),
                    List.of(
                            control.get("OriginAccessControlOriginType").asText(),
                            control.get("SigningBehavior").asText(),
                            control.get("SigningProtocol").asText()));

            // The images' distribution (the API's, CatalogEdge, has a custom origin: EdgeTemplateTest).
            JsonNode config = synth.ofType("AWS::CloudFront::Distribution").entrySet().stream()
                    .filter(e -> e.getKey().startsWith("ImagesDistribution"))
                    .map(e -> e.getValue().get("Properties").get("DistributionConfig"))
                    .reduce((a, b) -> {
                        throw new AssertionError("two image distributions");
                    })
                    .orElseThrow();
            JsonNode origin = config.get("Origins").get(0);
            assertEquals(1, config.get("Origins").size());
            assertTrue(
                    origin.get("OriginAccessControlId").toString().contains("ImagesOriginAccessControl"),
                    origin.toString());
            assertEquals(
                    "",
                    origin.get("S3OriginConfig").get("OriginAccessIdentity").asText(),
                    "OAC, not an origin access identity");
            assertTrue(
                    origin.get("DomainName").toString().contains("RegionalDomainName")
                            && origin.get("DomainName").toString().contains("Uploads"),
                    "the private upload bucket: " + origin);
            JsonNode behavior = config.get("DefaultCacheBehavior");
            assertEquals(
                    "redirect-to-https", behavior.get("ViewerProtocolPolicy").asText());
            assertEquals(List.of("GET", "HEAD"), texts(behavior.get("AllowedMethods")));
            assertTrue(config.has("Logging"), "access logs");

            JsonNode cloudFront = null;
            for (JsonNode policy : synth.ofType("AWS::S3::BucketPolicy").values()) {
                JsonNode statement = statementFor(
                        policy.get("Properties").get("PolicyDocument"), "cloudfront.amazonaws.com", "s3:GetObject");
                if (statement != null) {
                    assertEquals(null, cloudFront, "one grant to CloudFront");
                    cloudFront = statement;
                }
            }
            assertNotNull(cloudFront, "the bucket policy lets the distribution read");
            String resource = cloudFront.get("Resource").toString();
            assertTrue(
                    resource.contains("\"/products/*\"")
                            && !resource.contains("\"/*\"")
                            && !resource.contains("/uploads/"),
                    "products/ only, never uploads/: " + resource);
            assertEquals(List.of("s3:GetObject"), texts(cloudFront.get("Action")));
            assertTrue(
                    cloudFront
                            .get("Condition")
                            .get("StringEquals")
                            .get("AWS:SourceArn")
                            .toString()
                            .contains("ImagesDistribution"),
                    "only this distribution's requests: " + cloudFront);

            ourFunctions(synth)
                    .values()
                    .forEach(function -> assertTrue(
                            function.get("Properties")
                                    .get("Environment")
                                    .get("Variables")
                                    .get("IMAGE_BASE_URL")
                                    .toString()
                                    .contains("ImagesDistribution"),
                            "shoppers get CDN URLs"));
            assertTrue(synth.json().get("Outputs").has("ImageBaseUrl"));
        }
        String notifications = dev().only("Custom::S3BucketNotifications")
                .get("Properties")
                .get("NotificationConfiguration")
                .toString();
        assertTrue(
                notifications.contains("\"products/\""),
                "product images are verified on arrival too: " + notifications);
    }

    @Test
    void failedUploadEventsLandInAnAlarmedQueueAfterTwoRetries() {
        String queue = dev().ofType("AWS::SQS::Queue").keySet().stream()
                .filter(id -> id.startsWith("UploadCompletedFailures"))
                .findFirst()
                .orElseThrow();
        JsonNode config = dev().only("AWS::Lambda::EventInvokeConfig").get("Properties");
        String function = config.get("FunctionName").get("Ref").asText();
        String liveAlias = dev().ofType("AWS::Lambda::Alias").entrySet().stream()
                .filter(a -> a.getValue()
                        .get("Properties")
                        .get("FunctionName")
                        .get("Ref")
                        .asText()
                        .equals(function))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
        assertTrue(
                config.get("Qualifier").toString().contains(liveAlias),
                "configures the live alias S3 invokes, not $LATEST");
        assertTrue(function.startsWith(Functions.UPLOAD_COMPLETED));
        assertEquals(2, config.get("MaximumRetryAttempts").asInt());
        // The queue's ARN, through the functions' nested stack's parameter named for it.
        // Through the nested stack's parameter, named for the queue's construct path (its hash differs from the logical
        // id's).
        String path = queue.replaceFirst("[0-9A-F]{8}$", "");
        assertTrue(
                config.get("DestinationConfig")
                        .get("OnFailure")
                        .get("Destination")
                        .path("Ref")
                        .asText()
                        .matches("referenceto\\w*" + path + "[0-9A-F]{8}Arn"),
                queue + " is not the destination: " + config.get("DestinationConfig"));
        assertTrue(dev().ofType("AWS::CloudWatch::Alarm").values().stream()
                .anyMatch(alarm -> alarm.get("Properties")
                                .path("MetricName")
                                .asText()
                                .equals("ApproximateNumberOfMessagesVisible")
                        && alarm.get("Properties").get("Dimensions").toString().contains(queue)));
    }

    @Test
    void apiCorsIsCorsPolicy() {
        ContractsAgreeTest.assertCorsConfigurationIs(
                CorsPolicy.DEFAULT,
                dev().only("AWS::ApiGatewayV2::Api").get("Properties").get("CorsConfiguration"));
        JsonNode narrowed = synth(Map.of("stage", "prod", "allowedOrigin", "https://app.example.com"))
                .only("AWS::ApiGatewayV2::Api")
                .get("Properties")
                .get("CorsConfiguration");
        assertEquals(List.of("https://app.example.com"), texts(narrowed.get("AllowOrigins")));
    }

    @Test
    void devBucketsEmptyThemselvesOnDestroyProdKeepsThem() {
        Set<String> devBuckets = dev().ofType("AWS::S3::Bucket").keySet();
        Set<String> emptied = new TreeSet<>();
        dev().ofType("Custom::S3AutoDeleteObjects")
                .values()
                .forEach(r -> emptied.add(
                        r.get("Properties").get("BucketName").get("Ref").asText()));
        assertEquals(
                new TreeSet<>(devBuckets),
                emptied,
                "cdk destroy of dev empties every bucket, the access-log bucket included");
        assertTrue(prod().ofType("Custom::S3AutoDeleteObjects").isEmpty());
        prod().ofType("AWS::S3::Bucket")
                .forEach((id, bucket) ->
                        assertEquals("Retain", bucket.get("DeletionPolicy").asText(), id));
    }

    @Test
    void auroraIsPinnedToTheLongTermSupportMinorOf16() {
        JsonNode cluster = dev().only("AWS::RDS::DBCluster").get("Properties");
        assertEquals("16.8", cluster.get("EngineVersion").asText());
        assertEquals(List.of("postgresql"), texts(cluster.get("EnableCloudwatchLogsExports")));
    }

    /** What the definition says: each function's reserved concurrency (null: none), each throttled route's rate and burst. */
    static Map<String, Object> concurrencyAndThrottles(
            Map<String, Integer> reservedByFunction, Map<String, List<Double>> throttleByRoute) {
        return Map.of("reserved", reservedByFunction, "throttles", throttleByRoute);
    }

    /** What the definition says for a stage of this sizing. */
    static Map<String, Object> definedConcurrencyAndThrottles(SaleSizing sizing) {
        Map<String, Integer> reserved = new java.util.TreeMap<>();
        Map<String, List<Double>> throttles = new java.util.TreeMap<>();
        for (FunctionSpec spec : Functions.ALL) {
            sizing.reservedConcurrency(spec).ifPresent(n -> reserved.put(spec.name(), n));
            spec.throttle()
                    .ifPresent(t -> throttles.put(
                            spec.route().orElseThrow().routeKey(), List.of(t.ratePerSecond(), (double) t.burst())));
        }
        return concurrencyAndThrottles(reserved, throttles);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"dev", "prod"})
    void everyFunctionCarriesItsReservedConcurrencyAndEveryRouteItsThrottleFromTheDefinition(String stage) {
        Synth synth = STAGES.get(stage);
        Map<String, String> nameByHandler =
                Functions.ALL.stream().collect(Collectors.toMap(FunctionSpec::handlerName, FunctionSpec::name));
        Map<String, Integer> reserved = new java.util.TreeMap<>();
        for (JsonNode function : ourFunctions(synth).values()) {
            JsonNode props = function.get("Properties");
            if (props.has("ReservedConcurrentExecutions")) {
                reserved.put(
                        nameByHandler.get(props.get("Handler").asText()),
                        props.get("ReservedConcurrentExecutions").asInt());
            }
        }
        Map<String, List<Double>> throttles = new java.util.TreeMap<>();
        synth.only("AWS::ApiGatewayV2::Stage")
                .get("Properties")
                .path("RouteSettings")
                .fields()
                .forEachRemaining(route -> throttles.put(
                        route.getKey(),
                        List.of(
                                route.getValue().get("ThrottlingRateLimit").asDouble(),
                                route.getValue().get("ThrottlingBurstLimit").asDouble())));
        assertEquals(
                definedConcurrencyAndThrottles(SaleSizing.forStage(stage)),
                concurrencyAndThrottles(reserved, throttles));
        assertEquals(
                "prod".equals(stage)
                        ? Set.of(Functions.AUTHORIZER, "Login", "ListProducts", "GetProduct", "PlaceOrder")
                        : Set.of(),
                reserved.keySet(),
                "prod keeps the authorizer, Login and the catalogue apart and caps PlaceOrder; dev reserves nothing");
    }

    /**
     * A dev stage deploys into a new account, whose concurrency quota may be far below the 100 Lambda keeps
     * unreserved plus the sale's reservations; prod needs an account of at least that.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(DeploymentStage.class)
    void aStageReservesNoMoreThanItsSizingNeedsFromTheAccount(DeploymentStage stage) {
        int reserved = ourFunctions(STAGES.get(stage.id())).values().stream()
                .mapToInt(f ->
                        f.get("Properties").path("ReservedConcurrentExecutions").asInt(0))
                .sum();
        assertEquals(SaleSizing.forStage(stage.id()).reservedTotal(), reserved);
        assertEquals(stage == DeploymentStage.DEV ? 0 : 532, reserved);
    }

    @Test
    void theStageIsWrittenAfterTheRoutesItsSettingsName() {
        JsonNode stage = dev().only("AWS::ApiGatewayV2::Stage");
        Set<String> dependsOn = new TreeSet<>(texts(stage.get("DependsOn")));
        Set<String> routes =
                new TreeSet<>(dev().ofType("AWS::ApiGatewayV2::Route").keySet());
        assertTrue(
                dependsOn.containsAll(routes),
                "missing: "
                        + routes.stream().filter(r -> !dependsOn.contains(r)).toList());
    }

    @Test
    void theApiStageIsThrottledPerStage() {
        JsonNode dev = dev().only("AWS::ApiGatewayV2::Stage").get("Properties").get("DefaultRouteSettings");
        assertEquals(
                DeploymentStage.DEV.throttleRate, dev.get("ThrottlingRateLimit").asDouble());
        assertEquals(
                DeploymentStage.DEV.throttleBurst,
                dev.get("ThrottlingBurstLimit").asInt());
        JsonNode prod =
                prod().only("AWS::ApiGatewayV2::Stage").get("Properties").get("DefaultRouteSettings");
        assertEquals(
                DeploymentStage.PROD.throttleRate,
                prod.get("ThrottlingRateLimit").asDouble());
        JsonNode custom = synth(Map.of("stage", "dev", "throttleRate", "5", "throttleBurst", "10"))
                .only("AWS::ApiGatewayV2::Stage")
                .get("Properties")
                .get("DefaultRouteSettings");
        assertEquals(5, custom.get("ThrottlingRateLimit").asDouble());
        assertEquals(10, custom.get("ThrottlingBurstLimit").asInt());
    }

    @Test
    void cdkJsonSetsEveryFeatureFlagCdkInitWouldForThisAwsCdkLib() throws java.io.IOException {
        JsonNode recommended = JSON.readTree(RecommendedFlags.read());
        JsonNode context = JSON.readTree(
                        ContractsAgreeTest.ROOT.resolve("cdk.json").toFile())
                .get("context");
        List<String> missing = new java.util.ArrayList<>();
        recommended.fields().forEachRemaining(flag -> {
            if (!flag.getValue().equals(context.get(flag.getKey()))) {
                missing.add(flag.getKey() + "=" + flag.getValue());
            }
        });
        assertEquals(List.of(), missing, "cdk.json lacks (or sets otherwise) these recommended flags");
    }

    @Test
    void cdkNagAwsSolutionsFindsNothingUnsuppressed() {
        for (Synth synth : STAGES.values()) {
            var errors = Annotations.fromStack(synth.stack()).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
            var warnings =
                    Annotations.fromStack(synth.stack()).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
            assertEquals(
                    List.of(),
                    errors.stream()
                            .map(m -> m.getId() + " " + m.getEntry().getData())
                            .toList());
            assertEquals(
                    List.of(),
                    warnings.stream()
                            .map(m -> m.getId() + " " + m.getEntry().getData())
                            .toList());
        }
        String metadata = dev().json().toString();
        assertTrue(metadata.contains("cdk_nag"), "suppressions are recorded with their reasons");
        assertFalse(metadata.contains("\"reason\":\"\""), "every suppression has a reason");
    }
}
