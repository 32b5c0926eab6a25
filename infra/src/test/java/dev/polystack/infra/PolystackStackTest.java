package dev.polystack.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystack.app.Route;
import dev.polystack.app.RouteTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

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

    @BeforeAll
    static void synthesise() {
        for (String stage : List.of("dev", "prod")) {
            App app = new App(AppProps.builder().context(Map.of("stage", stage)).build());
            PolystackStack stack = InfraApp.build(app);
            Template template = Template.fromStack(stack);
            STAGES.put(stage, new Synth(stack, template, JSON.valueToTree(template.toJSON())));
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
                .filter(e -> e.getValue().path("Properties").path("Handler").asText().startsWith("dev.polystack."))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void everyFunctionRunsJava21OnArm64WithSnapStartBehindALiveAlias() {
        Map<String, JsonNode> functions = ourFunctions(dev());
        assertEquals(FunctionSpec.all().size(), functions.size());
        Set<String> handlers = new TreeSet<>();
        for (JsonNode function : functions.values()) {
            JsonNode props = function.get("Properties");
            handlers.add(props.get("Handler").asText());
            assertEquals("java21", props.get("Runtime").asText());
            assertEquals("arm64", props.get("Architectures").get(0).asText());
            assertEquals("PublishedVersions", props.get("SnapStart").get("ApplyOn").asText());
            assertTrue(props.get("MemorySize").asInt() >= 512);
            assertNotNull(props.get("LoggingConfig").get("LogGroup"), "each function logs to its own group with retention");
            assertEquals("polystack", props.get("Environment").get("Variables").get("DB_NAME").asText());
            for (String name : List.of("TABLE_NAME", "BUCKET_NAME", "DB_CLUSTER_ARN", "DB_SECRET_ARN")) {
                assertTrue(props.get("Environment").get("Variables").has(name), name);
            }
        }
        assertEquals(FunctionSpec.all().values().stream().map(FunctionSpec::handler).collect(Collectors.toCollection(TreeSet::new)), handlers);
        assertEquals(functions.size(), dev().ofType("AWS::Lambda::Alias").values().stream()
                .filter(alias -> alias.get("Properties").get("Name").asText().equals("live")).count());
        dev().template().hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.polystack.session.handler.LoginHandler", "MemorySize", 1024)));
    }

    @Test
    void logGroupsKeepLogsLongerInProd() {
        assertTrue(dev().ofType("AWS::Logs::LogGroup").values().stream().allMatch(g -> g.get("Properties").get("RetentionInDays").asInt() == 14));
        assertTrue(prod().ofType("AWS::Logs::LogGroup").values().stream().allMatch(g -> g.get("Properties").get("RetentionInDays").asInt() == 90));
    }

    @Test
    void theApiRoutesAreExactlyTheRouteTable() {
        Set<String> expected = RouteTable.ROUTES.stream().map(Route::routeKey).collect(Collectors.toCollection(TreeSet::new));
        Set<String> actual = dev().ofType("AWS::ApiGatewayV2::Route").values().stream()
                .map(r -> r.get("Properties").get("RouteKey").asText()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, actual);
        for (JsonNode route : dev().ofType("AWS::ApiGatewayV2::Route").values()) {
            String key = route.get("Properties").get("RouteKey").asText();
            boolean guarded = RouteTable.ROUTES.stream().anyMatch(r -> r.routeKey().equals(key) && r.authorized());
            assertEquals(guarded ? "CUSTOM" : "NONE", route.get("Properties").path("AuthorizationType").asText("NONE"), key);
        }
    }

    @Test
    void theAuthorizerIsAnUncachedSimpleBearerCheck() {
        JsonNode authorizer = dev().only("AWS::ApiGatewayV2::Authorizer").get("Properties");
        assertEquals("REQUEST", authorizer.get("AuthorizerType").asText());
        assertEquals("2.0", authorizer.get("AuthorizerPayloadFormatVersion").asText());
        assertTrue(authorizer.get("EnableSimpleResponses").asBoolean());
        assertEquals("$request.header.Authorization", authorizer.get("IdentitySource").get(0).asText());
        assertEquals(0, authorizer.get("AuthorizerResultTtlInSeconds").asInt(), "a revoked session must stop working at once");
        assertTrue(dev().only("AWS::ApiGatewayV2::Stage").get("Properties").has("AccessLogSettings"));
    }

    @Test
    void theTableIsOnDemandWithTtlPitrAndProdProtection() {
        Map<String, Object> design = Map.of(
                "BillingMode", "PAY_PER_REQUEST",
                "KeySchema", List.of(Map.of("AttributeName", "PK", "KeyType", "HASH"), Map.of("AttributeName", "SK", "KeyType", "RANGE")),
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true),
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true));
        dev().template().hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(design));
        dev().template().hasResource("AWS::DynamoDB::Table", Match.objectLike(Map.of("DeletionPolicy", "Delete")));
        prod().template().hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of("DeletionProtectionEnabled", true)));
        prod().template().hasResource("AWS::DynamoDB::Table", Match.objectLike(Map.of("DeletionPolicy", "Retain")));
    }

    @Test
    void theUploadBucketIsPrivateEncryptedTlsOnlyWithCorsLifecycleAndNotification() {
        dev().template().hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "BucketEncryption", Match.objectLike(Map.of("ServerSideEncryptionConfiguration", Match.anyValue())),
                "CorsConfiguration", Match.objectLike(Map.of("CorsRules", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "AllowedMethods", Match.arrayWith(List.of("POST", "PUT")))))))),
                "LifecycleConfiguration", Match.objectLike(Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 1))))))),
                "LoggingConfiguration", Match.anyValue())));
        String policies = dev().ofType("AWS::S3::BucketPolicy").values().toString();
        assertTrue(policies.contains("aws:SecureTransport"), "TLS-only bucket policy");
        JsonNode notifications = dev().only("Custom::S3BucketNotifications").get("Properties").get("NotificationConfiguration");
        JsonNode lambda = notifications.get("LambdaFunctionConfigurations").get(0);
        assertEquals("s3:ObjectCreated:*", lambda.get("Events").get(0).asText());
        assertEquals("uploads/", lambda.get("Filter").get("Key").get("FilterRules").get(0).get("Value").asText());
    }

    @Test
    void auroraServerlessV2HasTheDataApiInIsolatedSubnets() {
        JsonNode cluster = dev().only("AWS::RDS::DBCluster").get("Properties");
        assertEquals("aurora-postgresql", cluster.get("Engine").asText());
        assertTrue(cluster.get("EnableHttpEndpoint").asBoolean(), "Data API");
        assertTrue(cluster.get("StorageEncrypted").asBoolean());
        assertEquals(4, cluster.get("ServerlessV2ScalingConfiguration").get("MaxCapacity").asInt());
        assertEquals(7, cluster.get("BackupRetentionPeriod").asInt());
        assertEquals(30, prod().only("AWS::RDS::DBCluster").get("Properties").get("BackupRetentionPeriod").asInt());
        assertTrue(prod().only("AWS::RDS::DBCluster").get("Properties").get("DeletionProtection").asBoolean());
        assertEquals(1, dev().ofType("AWS::SecretsManager::Secret").size(), "credentials in Secrets Manager");
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
        assertEquals(PolystackStack.migrationsChecksum(), migration.get("migrationsChecksum").asText());
        JsonNode migrate = ourFunctions(dev()).values().stream()
                .filter(f -> f.get("Properties").get("Handler").asText().endsWith("MigrationHandler")).findFirst().orElseThrow();
        assertEquals("PT4M", migrate.get("Properties").get("Environment").get("Variables").get("DATA_API_RETRY_BUDGET").asText(),
                "a deploy waits for a paused Aurora to resume");
        JsonNode rule = dev().only("AWS::Events::Rule").get("Properties");
        assertEquals("rate(1 minute)", rule.get("ScheduleExpression").asText());
    }

    @Test
    void eachFunctionRoleAllowsOnlyWhatItsFunctionUses() {
        Map<String, String> functionByRole = new HashMap<>();
        ourFunctions(dev()).forEach((id, function) -> functionByRole.put(
                function.get("Properties").get("Role").get("Fn::GetAtt").get(0).asText(), function.get("Properties").get("Handler").asText()));
        Map<String, Set<String>> actionsByHandler = new HashMap<>();
        for (JsonNode policy : dev().ofType("AWS::IAM::Policy").values()) {
            for (JsonNode role : policy.get("Properties").get("Roles")) {
                String handler = functionByRole.get(role.get("Ref").asText());
                if (handler == null) {
                    continue;
                }
                for (JsonNode statement : policy.get("Properties").get("PolicyDocument").get("Statement")) {
                    assertEquals("Allow", statement.get("Effect").asText());
                    for (JsonNode action : statement.get("Action").isArray() ? statement.get("Action") : JSON.createArrayNode().add(statement.get("Action"))) {
                        assertFalse(action.asText().contains("*"), handler + " has a wildcard action " + action);
                        actionsByHandler.computeIfAbsent(handler, h -> new TreeSet<>()).add(action.asText());
                    }
                    JsonNode resources = statement.get("Resource").isArray() ? statement.get("Resource") : JSON.createArrayNode().add(statement.get("Resource"));
                    for (JsonNode resource : resources) {
                        assertFalse(resource.isTextual() && resource.asText().equals("*"), handler + " has Resource *");
                    }
                }
            }
        }
        for (FunctionSpec spec : FunctionSpec.all().values()) {
            Set<String> expected = new TreeSet<>(Set.of("logs:CreateLogStream", "logs:PutLogEvents"));
            spec.access().forEach(access -> expected.addAll(List.of(access.actions)));
            if (spec.access().stream().anyMatch(Access::needsDatabaseSecret)) {
                expected.addAll(Set.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"));
            }
            assertEquals(expected, actionsByHandler.getOrDefault(spec.handler(), Set.of()), spec.id());
        }
    }

    @Test
    void alarmsDashboardAndOutputs() {
        int functions = FunctionSpec.all().size();
        assertTrue(dev().ofType("AWS::CloudWatch::Alarm").size() >= 2 * functions + 4, "errors and throttles per function, API 5xx, DynamoDB, Data API, outbox");
        String alarms = dev().ofType("AWS::CloudWatch::Alarm").values().toString();
        for (String metric : List.of("DataApiErrors", "OutboxBacklogAgeSeconds", "5xx", "ThrottledRequests")) {
            assertTrue(alarms.contains(metric), metric);
        }
        assertEquals(1, dev().ofType("AWS::CloudWatch::Dashboard").size());
        for (String output : List.of("ApiUrl", "BucketName", "TableName", "ClusterArn")) {
            assertTrue(dev().json().get("Outputs").has(output), output);
        }
    }

    @Test
    void cdkNagAwsSolutionsFindsNothingUnsuppressed() {
        for (Synth synth : STAGES.values()) {
            var errors = Annotations.fromStack(synth.stack()).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
            var warnings = Annotations.fromStack(synth.stack()).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
            assertEquals(List.of(), errors.stream().map(m -> m.getId() + " " + m.getEntry().getData()).toList());
            assertEquals(List.of(), warnings.stream().map(m -> m.getId() + " " + m.getEntry().getData()).toList());
        }
        String metadata = dev().json().toString();
        assertTrue(metadata.contains("cdk_nag"), "suppressions are recorded with their reasons");
        assertFalse(metadata.contains("\"reason\":\"\""), "every suppression has a reason");
    }
}
