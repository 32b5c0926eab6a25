package dev.polystack.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.app.FunctionSpec;
import dev.polystack.app.Functions;
import dev.polystack.app.Trigger;
import dev.polystack.shared.adapter.AwsClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What a real `cdk deploy` and `sam deploy` would hit (issue 21), checked on both synthesised stages and template.yaml. */
class DeployReadinessTest {
    static JsonNode sam() throws IOException {
        return TemplateGraph.parse(Files.readString(ContractsAgreeTest.ROOT.resolve("template.yaml")));
    }

    /** The dev stage's resources of every template (the stack and its nested stacks). */
    static Map<String, JsonNode> cdkResources(String stage) {
        return SwitchStackTest.resources(CloudAssembly.of(stage));
    }

    static JsonNode cdkFunction(String stage, String handler) {
        return cdkResources(stage).values().stream()
                .filter(r -> handler.equals(r.path("Properties").path("Handler").asText()))
                .findFirst()
                .orElseThrow()
                .get("Properties");
    }

    static Duration variable(JsonNode variables, String name) {
        return Duration.parse(variables.get(name).asText());
    }

    @Test
    void theAuthorizerAndItsSdkCallsFinishBeforeTheHttpApiStopsWaiting() throws IOException {
        FunctionSpec authorizer = Functions.named(Functions.AUTHORIZER);
        JsonNode cdk = cdkFunction("dev", authorizer.handlerName());
        JsonNode samFunction =
                sam().get("Resources").get(Functions.AUTHORIZER + "Function").get("Properties");
        for (JsonNode function : new JsonNode[] {cdk, samFunction}) {
            int timeout = function.get("Timeout").asInt();
            assertTrue(
                    timeout < Functions.AUTHORIZER_RESPONSE_LIMIT_SECONDS,
                    "the authorizer stops after " + timeout + " s, the HTTP API waits 10 s");
            JsonNode variables = function.get("Environment").get("Variables");
            Duration call = variable(variables, AwsClients.SDK_CALL_TIMEOUT);
            assertTrue(
                    call.compareTo(Duration.ofSeconds(timeout)) < 0,
                    "SDK calls (with retries) end before the function: " + call);
            assertTrue(
                    variable(variables, AwsClients.SDK_ATTEMPT_TIMEOUT).compareTo(call) < 0,
                    "an attempt ends before the call, so a retry fits");
        }
    }

    @Test
    void operatorFunctionsLiveAliasesAreOutputsOfBothTemplates() throws IOException {
        JsonNode cdkOutputs = CloudAssembly.read(CloudAssembly.templates("dev").get("polystack-dev.template.json"))
                .path("Outputs");
        JsonNode samOutputs = sam().path("Outputs");
        int operators = 0;
        for (FunctionSpec spec : Functions.ALL) {
            if (spec.trigger() instanceof Trigger.Operator) {
                operators++;
                assertTrue(
                        cdkOutputs.has(spec.name() + "LiveArn"),
                        "cdk deploy outputs " + spec.name() + "'s live alias: " + cdkOutputs);
                assertEquals(
                        spec.name() + "Function.Alias",
                        samOutputs
                                .path(spec.name() + "LiveArn")
                                .path("Value")
                                .path("Ref")
                                .asText(),
                        "sam deploy outputs " + spec.name() + "'s live alias");
            }
        }
        assertEquals(3, operators, "DeepHealth, GrantRole and Recover");
    }

    /** aws-sam-cli#4575, aws-lambda-builders#113: `sam build` takes a .jar CodeUri for a Maven source folder. */
    @Test
    void samBuildLeavesTheMavenBuiltJarAlone() throws IOException {
        sam().get("Resources").fields().forEachRemaining(resource -> {
            if ("AWS::Serverless::Function"
                    .equals(resource.getValue().path("Type").asText())) {
                assertTrue(
                        resource.getValue().path("Metadata").path("SkipBuild").asBoolean(),
                        resource.getKey() + " lacks Metadata: SkipBuild: true");
            }
        });
    }

    /** The logical id of each function's published version, which SAM changes when it publishes a new one. */
    static Map<String, String> versions(JsonNode expanded) {
        Map<String, String> versions = new TreeMap<>();
        expanded.get("Resources").fields().forEachRemaining(e -> {
            if ("AWS::Lambda::Version".equals(e.getValue().path("Type").asText())) {
                versions.put(
                        e.getValue()
                                .path("Properties")
                                .path("FunctionName")
                                .path("Ref")
                                .asText(),
                        e.getKey());
            }
        });
        return versions;
    }

    @Test
    void samPublishesANewVersionWhenATimeoutChanges() throws IOException {
        assumeTrue(
                CloudAssembly.samTranslatorPresent(),
                "the SAM translator (python3 -m pip install cfn-lint) is not installed here");
        Map<String, String> before = versions(CloudAssembly.samExpanded());
        assertEquals(Functions.ALL.size(), before.size());

        String template = Files.readString(ContractsAgreeTest.ROOT.resolve("template.yaml"));
        String longer = template.replaceFirst("(HealthFunction:[\\s\\S]*?Timeout: )28", "$129");
        assertNotEquals(template, longer);
        Path changed = Files.createTempFile("template", ".yaml");
        Files.writeString(changed, longer);
        Map<String, String> afterTimeout = versions(CloudAssembly.samExpanded(changed));
        Files.delete(changed);
        assertNotEquals(
                before.get("HealthFunction"),
                afterTimeout.get("HealthFunction"),
                "a new Timeout publishes a new version");
        assertEquals(
                before.get("GetMeFunction"),
                afterTimeout.get("GetMeFunction"),
                "an unchanged function keeps its version");
    }

    /**
     * SAM hashes a function's properties before parameters resolve, so a new parameter value alone gives the
     * version the same logical id. The version's Description, which is resolved, carries every parameter the
     * function reads: a changed Description replaces the version, that is publishes a new one
     * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-version.html:
     * Description, "Update requires: Replacement"), and the live alias moves to it.
     */
    @Test
    void samPublishesANewVersionWhenAParameterAFunctionReadsChanges() {
        assumeTrue(
                CloudAssembly.samTranslatorPresent(),
                "the SAM translator (python3 -m pip install cfn-lint) is not installed here");
        JsonNode expanded = CloudAssembly.samExpanded();
        Map<String, String> defaults = new TreeMap<>();
        expanded.get("Parameters")
                .fields()
                .forEachRemaining(p ->
                        defaults.put(p.getKey(), p.getValue().path("Default").asText()));
        Map<String, String> versions = versions(expanded);
        assertEquals(Functions.ALL.size(), versions.size());
        versions.forEach((function, version) -> {
            JsonNode properties = expanded.get("Resources").get(function).get("Properties");
            JsonNode description =
                    expanded.get("Resources").get(version).get("Properties").path("Description");
            Set<String> read = new TreeSet<>();
            Intrinsics.parametersIn(properties, defaults.keySet(), read);
            assertTrue(read.contains("DbClusterArn"), function + " reads " + read);
            String before = Intrinsics.resolve(description, defaults);
            for (String parameter : read) {
                Map<String, String> changed = new TreeMap<>(defaults);
                changed.put(parameter, defaults.get(parameter) + "x");
                assertNotEquals(
                        before,
                        Intrinsics.resolve(description, changed),
                        function + " reads " + parameter + ", but a new value of it leaves its version's"
                                + " Description as it was: CloudFormation would publish no new version and"
                                + " the live alias would keep the old value");
            }
        });
    }

    /** The longest values the parameters' patterns allow still give a Description within Lambda's 256 characters. */
    @Test
    void theVersionDescriptionFitsForTheLongestParameterValues() throws IOException {
        assumeTrue(
                CloudAssembly.samTranslatorPresent(),
                "the SAM translator (python3 -m pip install cfn-lint) is not installed here");
        JsonNode expanded = CloudAssembly.samExpanded();
        Map<String, String> longest = new TreeMap<>(Map.of(
                "Stage", "a".repeat(12),
                "DbName", "a".repeat(16),
                "SearchLanguage", "a".repeat(12),
                "DbClusterArn", "arn:aws-us-gov:rds:us-gov-west-1:123456789012:cluster:a" + "-".repeat(47),
                "DbSecretArn", "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:" + "a".repeat(64),
                "RestoredTableName", "a".repeat(48),
                "RestoredBucketName", "a".repeat(50)));
        JsonNode parameters = expanded.get("Parameters");
        longest.forEach((name, value) -> assertTrue(
                value.matches(parameters.get(name).get("AllowedPattern").asText()),
                name + "'s longest example no longer matches its AllowedPattern: update it"));
        assertTrue(
                parameters.get("DbClusterArn").get("AllowedPattern").asText().contains("{0,47}")
                        && parameters
                                .get("DbSecretArn")
                                .get("AllowedPattern")
                                .asText()
                                .contains("{1,64}")
                        && parameters
                                .get("RestoredTableName")
                                .get("AllowedPattern")
                                .asText()
                                .contains("{3,48}")
                        && parameters
                                .get("RestoredBucketName")
                                .get("AllowedPattern")
                                .asText()
                                .contains("{1,48}"),
                "the examples above are the longest the patterns allow");
        Map<String, String> versions = versions(expanded);
        for (String version : versions.values()) {
            String description = Intrinsics.resolve(
                    expanded.get("Resources").get(version).get("Properties").get("Description"), longest);
            assertTrue(description.length() <= 256, description.length() + ": " + description);
        }
    }

    /**
     * S3 may invoke a function for this stack's upload bucket and no other (finding 10): SAM's S3 event gives
     * its permission a SourceAccount only, so any bucket of the account could invoke it.
     */
    @Test
    void samLetsS3InvokeOnlyForTheUploadBucket() {
        assumeTrue(
                CloudAssembly.samTranslatorPresent(),
                "the SAM translator (python3 -m pip install cfn-lint) is not installed here");
        JsonNode expanded = CloudAssembly.samExpanded();
        Map<String, String> values = new TreeMap<>(
                Map.of("AWS::Partition", "aws", "AWS::AccountId", "123456789012", "AWS::Region", "us-east-1"));
        expanded.get("Parameters")
                .fields()
                .forEachRemaining(
                        p -> values.put(p.getKey(), p.getValue().path("Default").asText()));
        List<String> permissions = new ArrayList<>();
        expanded.get("Resources").fields().forEachRemaining(e -> {
            JsonNode properties = e.getValue().path("Properties");
            if ("AWS::Lambda::Permission".equals(e.getValue().path("Type").asText())
                    && "s3.amazonaws.com".equals(properties.path("Principal").asText())) {
                permissions.add(e.getKey());
                assertEquals(
                        "arn:aws:s3:::polystack-dev-uploads-123456789012-us-east-1",
                        Intrinsics.resolve(properties.path("SourceArn"), values, expanded.path("Conditions")),
                        e.getKey() + " lets every bucket of the account invoke its function");
                assertEquals("123456789012", Intrinsics.resolve(properties.path("SourceAccount"), values), e.getKey());
            }
        });
        long prefixes = Functions.ALL.stream()
                .filter(spec -> spec.trigger() instanceof Trigger.ObjectCreated)
                .count();
        assertTrue(prefixes > 0 && !permissions.isEmpty(), "S3 invokes no function: " + permissions);
    }

    /**
     * The bucket notifies each function of its definition's prefixes, through the live alias, and only once S3
     * may invoke it: S3 checks the destination when the notification is put
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-to-enable-disable-notification-intro.html).
     */
    @Test
    void theUploadBucketNotifiesEachDefinedFunctionAfterItsPermission() throws IOException {
        JsonNode bucket = sam().get("Resources").get("UploadBucket");
        Set<String> dependsOn = new TreeSet<>();
        bucket.path("DependsOn").forEach(d -> dependsOn.add(d.asText()));
        Set<String> notified = new TreeSet<>();
        bucket.path("Properties")
                .path("NotificationConfiguration")
                .path("LambdaConfigurations")
                .forEach(c -> notified.add(c.path("Function").path("Ref").asText() + " "
                        + c.path("Event").asText() + " "
                        + c.path("Filter")
                                .path("S3Key")
                                .path("Rules")
                                .path(0)
                                .path("Value")
                                .asText()));
        Set<String> defined = new TreeSet<>();
        for (FunctionSpec spec : Functions.ALL) {
            if (spec.trigger() instanceof Trigger.ObjectCreated created) {
                created.prefixes()
                        .forEach(prefix -> defined.add(spec.name() + "Function.Alias s3:ObjectCreated:* " + prefix));
                assertTrue(
                        dependsOn.contains(SamFunctionBlocks.s3Permission(spec)),
                        "UploadBucket must depend on " + SamFunctionBlocks.s3Permission(spec) + ": " + dependsOn);
            }
        }
        assertEquals(defined, notified);
    }

    /** Origin Access Control names are unique per account, not per region. */
    @Test
    void samNamesTheOriginAccessControlPerRegion() throws IOException {
        String name = sam().get("Resources")
                .get("ImagesOriginAccessControl")
                .get("Properties")
                .get("OriginAccessControlConfig")
                .get("Name")
                .toString();
        assertTrue(name.contains("${AWS::Region}"), name);
    }
    /**
     * What a role allows, one (action, resource, condition) per line, with each resource named by what it is
     * (the two templates spell the same resource differently: a nested stack's parameter, a SAM !Sub).
     */
    static Set<String> permissions(JsonNode role, Map<String, JsonNode> resources, String roleId) {
        Set<String> allowed = new TreeSet<>();
        List<JsonNode> documents = new ArrayList<>();
        role.path("Properties").path("Policies").forEach(p -> documents.add(p.path("PolicyDocument")));
        resources.values().forEach(resource -> {
            if ("AWS::IAM::Policy".equals(resource.path("Type").asText())
                    && resource.path("Properties").path("Roles").toString().contains("\"" + roleId + "\"")) {
                documents.add(resource.path("Properties").path("PolicyDocument"));
            }
        });
        for (JsonNode document : documents) {
            for (JsonNode statement : document.path("Statement")) {
                assertEquals("Allow", statement.path("Effect").asText(), statement.toString());
                for (JsonNode action : asList(statement.path("Action"))) {
                    for (JsonNode resource : asList(statement.path("Resource"))) {
                        allowed.add(action.asText() + " on " + resourceKind(resource) + condition(statement));
                    }
                }
            }
        }
        return allowed;
    }

    static List<JsonNode> asList(JsonNode node) {
        List<JsonNode> all = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(all::add);
        } else {
            all.add(node);
        }
        return all;
    }

    private static final Pattern PREFIX = Pattern.compile("/([a-z]+)/\\*");

    /** The store a resource is, by the names both templates give it. */
    static String resourceKind(JsonNode resource) {
        String text = resource.toString();
        if (resource.isTextual() && "*".equals(resource.asText())) {
            return "*";
        }
        if (text.contains("Logs")) {
            return "its log group";
        }
        if (text.contains("Secret")) {
            return "the database secret";
        }
        if (text.contains("Aurora") || text.contains("DbCluster")) {
            return "the cluster";
        }
        if (text.contains("UploadCompletedFailures")) {
            return "the failure queue";
        }
        if (text.contains("OrderEventsStream") || text.contains("OrderLakeStream")) {
            return "the lake stream";
        }
        if (text.contains("RecoveryLedger")) {
            return "the recovery ledger";
        }
        if (text.contains("Table")) {
            return "the table";
        }
        if (text.toLowerCase(java.util.Locale.ROOT).contains("uploads")) {
            Matcher prefix = PREFIX.matcher(text);
            return prefix.find() ? "objects " + prefix.group(1) + "/*" : "the upload bucket";
        }
        return "unknown " + text;
    }

    static String condition(JsonNode statement) {
        JsonNode prefixes = statement.path("Condition").path("StringLike").path("s3:prefix");
        if (prefixes.isMissingNode()) {
            return statement.has("Condition") ? " if " + statement.get("Condition") : "";
        }
        return " if s3:prefix in "
                + new TreeSet<>(asList(prefixes).stream().map(JsonNode::asText).toList());
    }

    /** Issue 21.10: SAM's roles allow exactly what CDK's allow, with no AWS managed policy on top. */
    @Test
    void samRolesAllowWhatCdkRolesAllowAndNothingMore() {
        assumeTrue(
                CloudAssembly.samTranslatorPresent(),
                "the SAM translator (python3 -m pip install cfn-lint) is not installed here");
        Map<String, JsonNode> cdk = cdkResources("dev");
        Map<String, JsonNode> sam = new TreeMap<>();
        CloudAssembly.samExpanded().path("Resources").fields().forEachRemaining(e -> sam.put(e.getKey(), e.getValue()));
        for (FunctionSpec spec : Functions.ALL) {
            String cdkRole = cdk.values().stream()
                    .filter(r -> "AWS::Lambda::Function".equals(r.path("Type").asText())
                            && spec.handlerName()
                                    .equals(r.path("Properties").path("Handler").asText()))
                    .findFirst()
                    .orElseThrow()
                    .path("Properties")
                    .path("Role")
                    .path("Fn::GetAtt")
                    .get(0)
                    .asText();
            String samRole = sam.get(spec.name() + "Function")
                    .path("Properties")
                    .path("Role")
                    .path("Fn::GetAtt")
                    .get(0)
                    .asText();
            assertEquals(
                    List.of(),
                    asList(sam.get(samRole).path("Properties").path("ManagedPolicyArns")).stream()
                            .filter(n -> !n.isMissingNode())
                            .map(JsonNode::toString)
                            .toList(),
                    spec.name() + ": no managed policy (AWSLambdaBasicExecutionRole writes to every log group)");
            Set<String> fromCdk = permissions(cdk.get(cdkRole), cdk, cdkRole);
            Set<String> fromSam = permissions(sam.get(samRole), sam, samRole);
            assertTrue(fromCdk.stream().noneMatch(p -> p.contains("unknown")), fromCdk.toString());
            assertEquals(fromCdk, fromSam, spec.name() + ": SAM's role allows what CDK's allows");
        }
    }
}
