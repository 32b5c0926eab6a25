package dev.polystack.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.polystack.app.FunctionSpec;
import dev.polystack.app.Functions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 26 item 3: a stage switched to stores restored to a moment T (docs/recovery.md, "Switching the stack"). The
 * CDK app with context {@code polystack:restored:<stage>} and template.yaml with {@code RestoredTableName} /
 * {@code RestoredBucketName} point every function, the upload event, the image origin, the backup selection and the
 * throttle alarm at the restored stores; the stack's own stay exactly as they were, and nothing else changes.
 */
class SwitchStackTest {
    static final String ACCOUNT = "123456789012";

    static String table(String stage) {
        return "polystack-" + stage + "-table-incident-1";
    }

    static String bucket(String stage) {
        return "polystack-" + stage + "-uploads-incident-1";
    }

    static String cluster(String stage) {
        return "arn:aws:rds:us-east-1:" + ACCOUNT + ":cluster:polystack-" + stage + "-incident-1";
    }

    static String secret(String stage) {
        return "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:polystack-" + stage + "-incident-1-AbC123";
    }

    /** The context as cdk.json holds it: a JSON object under the stage's key. */
    static Map<String, Object> restoredContext(String stage) {
        Map<String, Object> stores = new LinkedHashMap<>();
        stores.put("tableName", table(stage));
        stores.put("bucketName", bucket(stage));
        stores.put("clusterArn", cluster(stage));
        stores.put("secretArn", secret(stage));
        return Map.of(RestoredStores.CONTEXT_PREFIX + stage, stores);
    }

    /** Every resource of an assembly's templates (the stack and its nested stacks), by logical id. */
    static Map<String, JsonNode> resources(Path assembly) {
        Map<String, JsonNode> all = new TreeMap<>();
        CloudAssembly.templates(assembly)
                .values()
                .forEach(file -> CloudAssembly.read(file)
                        .path("Resources")
                        .fields()
                        .forEachRemaining(e -> all.put(e.getKey(), e.getValue())));
        return all;
    }

    static Map<String, JsonNode> original(String stage) {
        return resources(CloudAssembly.of(stage));
    }

    static Map<String, JsonNode> switched(String stage) {
        return resources(CloudAssembly.of(stage, "restored", restoredContext(stage)));
    }

    static JsonNode mainTemplate(Path assembly, String stage) {
        return CloudAssembly.read(CloudAssembly.templates(assembly).get("polystack-" + stage + ".template.json"));
    }

    static JsonNode nestedTemplate(Path assembly) {
        return CloudAssembly.read(CloudAssembly.templates(assembly).entrySet().stream()
                .filter(e -> e.getKey().contains(".nested."))
                .findFirst()
                .orElseThrow()
                .getValue());
    }

    static Map<String, JsonNode> functionsByHandler(Map<String, JsonNode> resources) {
        Map<String, JsonNode> found = new TreeMap<>();
        BackupsTest.ofType(resources, "AWS::Lambda::Function").values().forEach(f -> {
            String handler = f.path("Properties").path("Handler").asText();
            if (Functions.ALL.stream().anyMatch(s -> s.handlerName().equals(handler))) {
                found.put(handler, f.path("Properties"));
            }
        });
        return found;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyFunctionsEnvironmentNamesTheRestoredStores(String stage) {
        Map<String, JsonNode> functions = functionsByHandler(switched(stage));
        assertEquals(Functions.ALL.size(), functions.size());
        functions.forEach((handler, function) -> {
            JsonNode variables = function.path("Environment").path("Variables");
            assertEquals(table(stage), variables.path("TABLE_NAME").asText(), handler);
            assertEquals(bucket(stage), variables.path("BUCKET_NAME").asText(), handler);
            assertEquals(cluster(stage), variables.path("DB_CLUSTER_ARN").asText(), handler);
            assertEquals(secret(stage), variables.path("DB_SECRET_ARN").asText(), handler);
        });
    }

    /** Each policy statement of a polystack function's role as "actions on resources", by policy. */
    static Map<String, List<String>> statements(Map<String, JsonNode> resources) {
        Map<String, List<String>> found = new TreeMap<>();
        BackupsTest.ofType(resources, "AWS::IAM::Policy").forEach((id, policy) -> {
            List<String> each = new ArrayList<>();
            policy.path("Properties")
                    .path("PolicyDocument")
                    .path("Statement")
                    .forEach(s -> each.add(s.path("Action") + " on " + s.path("Resource")));
            found.put(id, each);
        });
        return found;
    }

    static final Pattern ACTION = Pattern.compile("\"(dynamodb|s3|rds-data|secretsmanager):");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyFunctionsPermissionsNameTheRestoredStoresAndNoneTheOriginals(String stage) {
        Path assembly = CloudAssembly.of(stage, "restored", restoredContext(stage));
        Map<String, JsonNode> nested = new TreeMap<>();
        nestedTemplate(assembly).path("Resources").fields().forEachRemaining(e -> nested.put(e.getKey(), e.getValue()));
        Map<String, Integer> perStore = new TreeMap<>();
        statements(nested)
                .forEach((policy, each) -> each.forEach(statement -> {
                    Matcher action = ACTION.matcher(statement);
                    if (!action.find() || statement.contains("RecoveryLedger")) {
                        return;
                    }
                    String expected = switch (action.group(1)) {
                        case "dynamodb" -> ":table/" + table(stage) + "\"";
                        case "s3" -> ":s3:::" + bucket(stage);
                        case "rds-data" -> "\"" + cluster(stage) + "\"";
                        default -> "\"" + secret(stage) + "\"";
                    };
                    assertTrue(
                            statement.contains(expected),
                            policy + " names the restored store (" + expected + "): " + statement);
                    perStore.merge(action.group(1), 1, Integer::sum);
                }));
        assertEquals(Set.of("dynamodb", "s3", "rds-data", "secretsmanager"), perStore.keySet(), perStore.toString());
        // A store of the parent stack reaches the nested stack as a parameter: none of the originals is passed.
        List<String> originals = new ArrayList<>();
        nestedTemplate(assembly).path("Parameters").fieldNames().forEachRemaining(name -> {
            if (name.matches(".*(Table|Uploads|Aurora).*") && !name.contains("RecoveryLedger")) {
                originals.add(name);
            }
        });
        assertEquals(List.of(), originals, "the functions' stack refers to none of the stack's own stores");
        // Permissions move; none is added or dropped.
        Map<String, List<String>> before = statements(original(stage));
        Map<String, List<String>> after = statements(switched(stage));
        for (String policy : before.keySet()) {
            if (after.containsKey(policy)) {
                assertEquals(
                        actionsOf(before.get(policy)), actionsOf(after.get(policy)), policy + ": the same actions");
            }
        }
    }

    /** A statement's resources: what follows " on ". */
    private static String onWhat(String statement) {
        return statement.substring(statement.indexOf(" on "));
    }

    private static List<String> actionsOf(List<String> statements) {
        return statements.stream().map(s -> s.substring(0, s.indexOf(" on "))).toList();
    }

    /** What holds data, its secret, and what runs the migrations: exactly as without the context. */
    static final Set<String> KEPT_TYPES = Set.of(
            "AWS::DynamoDB::Table",
            "AWS::S3::Bucket",
            "AWS::RDS::DBCluster",
            "AWS::RDS::DBInstance",
            "AWS::SecretsManager::Secret",
            "AWS::SecretsManager::SecretTargetAttachment",
            "AWS::SecretsManager::RotationSchedule",
            "AWS::Backup::BackupVault",
            "AWS::Backup::BackupPlan",
            "Custom::SchemaMigration");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theStacksOwnStoresStayExactlyAsTheyWereRemovalPoliciesIncluded(String stage) {
        Map<String, JsonNode> before = original(stage);
        Map<String, JsonNode> after = switched(stage);
        int kept = 0;
        for (String type : KEPT_TYPES) {
            Map<String, JsonNode> was = BackupsTest.ofType(before, type);
            assertEquals(was, BackupsTest.ofType(after, type), stage + ": " + type);
            kept += was.size();
        }
        assertTrue(kept >= 8, "the stores are there to compare: " + kept);
        String uploads = "{\"Ref\":\"" + BackupsTest.uploadBucket(before).getKey() + "\"}";
        Map<String, JsonNode> ownPolicy = new TreeMap<>();
        BackupsTest.ofType(before, "AWS::S3::BucketPolicy").forEach((id, p) -> {
            if (p.path("Properties").path("Bucket").toString().equals(uploads)) {
                ownPolicy.put(id, p);
            }
        });
        assertEquals(1, ownPolicy.size(), "the upload bucket's own policy");
        ownPolicy.forEach((id, p) -> assertEquals(p, after.get(id), "the upload bucket's own policy"));
        // The migrations do not run again on the switch: the custom resource's properties are the same, so
        // CloudFormation sends it no update; a later migration runs once, on the restored cluster.
        assertEquals(1, BackupsTest.ofType(after, "Custom::SchemaMigration").size());
    }

    /** What a switch may change: the functions (environment, versions, aliases, policies) and what names a store. */
    static final Set<String> CHANGED_TYPES = Set.of(
            "AWS::Lambda::Function",
            "AWS::Lambda::Version",
            "AWS::Lambda::Alias",
            "AWS::Lambda::Permission",
            "AWS::IAM::Policy",
            "AWS::CloudFormation::Stack",
            "AWS::CloudFront::Distribution",
            "AWS::Backup::BackupSelection",
            "AWS::CloudWatch::Alarm",
            "AWS::CloudWatch::Dashboard",
            "AWS::S3::BucketPolicy",
            "Custom::S3BucketNotifications");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void nothingElseChanges(String stage) {
        Map<String, JsonNode> before = original(stage);
        Map<String, JsonNode> after = switched(stage);
        Set<String> touched = new TreeSet<>();
        Set<String> alarms = new TreeSet<>();
        Set<String> ids = new TreeSet<>(before.keySet());
        ids.addAll(after.keySet());
        for (String id : ids) {
            JsonNode was = before.get(id);
            JsonNode is = after.get(id);
            if (was != null && was.equals(is)) {
                continue;
            }
            String type = (was != null ? was : is).path("Type").asText();
            touched.add(type);
            assertTrue(CHANGED_TYPES.contains(type), stage + ": " + id + " (" + type + ") changed");
            if (type.equals("AWS::CloudWatch::Alarm")) {
                alarms.add(id);
            }
        }
        assertTrue(
                alarms.stream().allMatch(id -> id.startsWith("DynamoThrottles")), "only the table's alarm: " + alarms);
        assertTrue(touched.contains("AWS::Lambda::Function"), "the switch changes the functions");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theUploadEventTheImageOriginTheBackupsTheAlarmAndTheOutputsFollowTheRestoredStores(String stage) {
        Path assembly = CloudAssembly.of(stage, "restored", restoredContext(stage));
        Map<String, JsonNode> after = resources(assembly);
        Map<String, JsonNode> notifications = BackupsTest.ofType(after, "Custom::S3BucketNotifications");
        assertEquals(1, notifications.size(), "one bucket tells the completion function: " + notifications.keySet());
        JsonNode notification = notifications.values().iterator().next().path("Properties");
        assertEquals(bucket(stage), notification.path("BucketName").asText());
        assertEquals(
                "false",
                notification.path("Managed").asText(),
                "CDK merges with the restored bucket's other notifications instead of replacing them");
        assertTrue(
                BackupsTest.ofType(after, "AWS::Lambda::Permission").values().stream()
                        .anyMatch(p ->
                                p.path("Properties").path("Principal").asText().equals("s3.amazonaws.com")
                                        && p.path("Properties")
                                                .path("SourceArn")
                                                .toString()
                                                .contains(":s3:::" + bucket(stage))),
                "S3 may invoke the completion function for the restored bucket");

        JsonNode origin = after.get(PolystackStack.IMAGES_DISTRIBUTION)
                .path("Properties")
                .path("DistributionConfig")
                .path("Origins")
                .get(0);
        assertTrue(origin.path("DomainName").toString().contains("\"" + bucket(stage) + ".s3."), origin.toString());
        JsonNode policy = BackupsTest.ofType(after, "AWS::S3::BucketPolicy").values().stream()
                .map(p -> p.path("Properties"))
                .filter(p -> bucket(stage).equals(p.path("Bucket").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the restored bucket has the stack's policy"));
        String statements = policy.path("PolicyDocument").path("Statement").toString();
        assertTrue(statements.contains("aws:SecureTransport"), "TLS only: " + statements);
        assertTrue(
                statements.contains("cloudfront.amazonaws.com")
                        && statements.contains(":s3:::" + bucket(stage) + "/products/*"),
                "the image distribution reads products/ only: " + statements);

        String selected = BackupsTest.only(after, "AWS::Backup::BackupSelection")
                .getValue()
                .path("Properties")
                .path("BackupSelection")
                .path("Resources")
                .toString();
        for (String store : List.of(cluster(stage), ":table/" + table(stage), ":s3:::" + bucket(stage))) {
            assertTrue(selected.contains(store), "backed up: " + store + " in " + selected);
        }
        for (String own : List.of(
                BackupsTest.only(after, "AWS::RDS::DBCluster").getKey(),
                BackupsTest.storesTable(after).getKey(),
                BackupsTest.uploadBucket(after).getKey())) {
            assertFalse(selected.contains("\"" + own + "\""), "the stack's own " + own + " is not selected any more");
        }

        JsonNode alarm = after.entrySet().stream()
                .filter(e -> e.getKey().startsWith("DynamoThrottles"))
                .findFirst()
                .orElseThrow()
                .getValue();
        assertTrue(
                alarm.toString().contains("{\"Name\":\"TableName\",\"Value\":\"" + table(stage) + "\"}"),
                alarm.toString());

        JsonNode outputs = mainTemplate(assembly, stage).path("Outputs");
        assertEquals(table(stage), outputs.path("TableName").path("Value").asText());
        assertEquals(bucket(stage), outputs.path("BucketName").path("Value").asText());
        assertEquals(cluster(stage), outputs.path("ClusterArn").path("Value").asText());
        assertEquals(secret(stage), outputs.path("SecretArn").path("Value").asText());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"tableName\": \"ab\"}|tableName 'ab' is not a DynamoDB table name",
                "{\"tableName\": \"has space\"}|tableName 'has space'",
                "{\"bucketName\": \"Upper-Case\"}|bucketName 'Upper-Case' is not an S3 bucket name",
                "{\"bucketName\": \"a..b\"}|bucketName 'a..b'",
                "{\"bucketName\": \"192.168.1.1\"}|bucketName '192.168.1.1'",
                "{\"clusterArn\": \"arn:aws:rds:us-east-1:123456789012:db:one\", \"secretArn\": \"arn:aws:secretsmanager:us-east-1:123456789012:secret:a-AbC123\"}|clusterArn 'arn:aws:rds:us-east-1:123456789012:db:one' is not an Aurora cluster ARN",
                "{\"clusterArn\": \"arn:aws:rds:us-east-1:123456789012:cluster:ok\", \"secretArn\": \"arn:aws:secretsmanager:us-east-1:123456789012:secret:nosuffix\"}|secretArn 'arn:aws:secretsmanager:us-east-1:123456789012:secret:nosuffix' is not a secret's complete ARN",
                "{\"clusterArn\": \"arn:aws:rds:us-east-1:123456789012:cluster:ok\"}|clusterArn and secretArn go together",
                "{\"secretArn\": \"arn:aws:secretsmanager:us-east-1:123456789012:secret:a-AbC123\"}|clusterArn and secretArn go together",
                "{\"clusterArn\": \"arn:aws:rds:eu-west-1:123456789012:cluster:ok\", \"secretArn\": \"arn:aws:secretsmanager:us-east-1:123456789012:secret:a-AbC123\"}|clusterArn is in eu-west-1, the stack in us-east-1",
                "{\"clusterArn\": \"arn:aws:rds:us-east-1:999999999999:cluster:ok\", \"secretArn\": \"arn:aws:secretsmanager:us-east-1:123456789012:secret:a-AbC123\"}|clusterArn is in account 999999999999",
                "{\"ledger\": \"x\"}|the recovery ledger is never restored",
                "{\"tableNmae\": \"polystack\"}|unknown field 'tableNmae'",
                "{\"tableName\": 7}|tableName must be a string",
                "{}|names no store",
                "[\"polystack\"]|must be a JSON object",
                "{tableName|is not JSON",
            })
    void aBadRestoredContextIsRefusedNamingTheKeyAndTheProblem(String context, String problem) {
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class,
                () -> RestoredStores.fromContext(DeploymentStage.PROD, context, "us-east-1", ACCOUNT));
        assertTrue(refused.getMessage().startsWith("polystack:restored:prod"), refused.getMessage());
        assertTrue(refused.getMessage().contains(problem), refused.getMessage());
    }

    @Test
    void theContextIsReadFromCdkJsonsObjectOrFromTheTextOfMinusC() {
        Object object = restoredContext("prod").get("polystack:restored:prod");
        RestoredStores fromObject = RestoredStores.fromContext(DeploymentStage.PROD, object, "us-east-1", ACCOUNT);
        RestoredStores fromText = RestoredStores.fromContext(
                DeploymentStage.PROD, CloudAssembly.JSON.valueToTree(object).toString(), null, null);
        assertEquals(fromObject, fromText);
        assertEquals(table("prod"), fromObject.tableName().orElseThrow());
        assertEquals(secret("prod"), fromObject.secretArn().orElseThrow());
        assertEquals(RestoredStores.NONE, RestoredStores.fromContext(DeploymentStage.PROD, null, null, null));
        RestoredStores tableOnly =
                RestoredStores.fromContext(DeploymentStage.DEV, "{\"tableName\": \"t-restored\"}", null, null);
        assertTrue(tableOnly.bucketName().isEmpty() && tableOnly.clusterArn().isEmpty(), tableOnly.toString());
    }

    /**
     * The app refuses the context while it builds the stack, so {@code cdk synth} ends with this message. The app
     * is built in this JVM, as {@code CloudAssembly}'s variants are: a synth in a JVM of its own would start a second
     * JVM and jsii runtime (8 s of infra's CPU, docs/testing-speed.md) to show what any uncaught exception does to a
     * JVM; the dev stage's synth in its own JVM already proves that cdk.json's app command reads its context from
     * {@code CDK_CONTEXT_JSON}.
     */
    @Test
    void theSynthFailsOnABadRestoredContextAndSaysWhy() {
        Path written = Path.of("target", "cdk.out", "dev-bad-restored").toAbsolutePath();
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class,
                () -> CloudAssembly.synthInProcess(
                        "dev",
                        "dev-bad-restored",
                        Map.of("polystack:restored:dev", Map.of("bucketName", "Not_A_Bucket"))));
        assertTrue(
                refused.getMessage()
                        .contains("polystack:restored:dev: bucketName 'Not_A_Bucket' is not an S3 bucket name"),
                refused.getMessage());
        assertTrue(CloudAssembly.templates(written).isEmpty(), "a refused synth writes no template");
    }

    // ---- template.yaml ----

    static final Map<String, String> SAM_RESTORED = Map.of(
            "RestoredTableName", table("dev"),
            "RestoredBucketName", bucket("dev"));

    /**
     * template.yaml after SAM's transform with the values CloudFormation would give its parameters and
     * conditions: the translator leaves Fn::If, Ref and Fn::Sub of parameters to CloudFormation, so this resolves
     * them (as CloudFormation documents them) to see what a deploy with those parameters would create.
     */
    static final class Deployed {
        final Map<String, String> values = new TreeMap<>();
        final JsonNode conditions;
        final JsonNode template;

        Deployed(JsonNode template, Map<String, String> parameters) {
            this.template = template;
            this.conditions = template.path("Conditions");
            template.path("Parameters")
                    .fields()
                    .forEachRemaining(p ->
                            values.put(p.getKey(), p.getValue().path("Default").asText()));
            values.putAll(Map.of(
                    "AWS::Region",
                    "us-east-1",
                    "AWS::AccountId",
                    ACCOUNT,
                    "AWS::Partition",
                    "aws",
                    "AWS::URLSuffix",
                    "amazonaws.com"));
            values.putAll(parameters);
        }

        boolean condition(String name) {
            return truth(conditions.path(name));
        }

        private boolean truth(JsonNode node) {
            if (node.has("Fn::Not")) {
                return !truth(node.get("Fn::Not").get(0));
            }
            if (node.has("Fn::Equals")) {
                return resolve(node.get("Fn::Equals").get(0))
                        .equals(resolve(node.get("Fn::Equals").get(1)));
            }
            if (node.has("Condition")) {
                return condition(node.get("Condition").asText());
            }
            throw new IllegalArgumentException("condition not understood: " + node);
        }

        JsonNode resolve(JsonNode node) {
            if (node.isObject() && node.size() == 1) {
                String function = node.fieldNames().next();
                JsonNode argument = node.get(function);
                switch (function) {
                    case "Ref" -> {
                        return values.containsKey(argument.asText())
                                ? new TextNode(values.get(argument.asText()))
                                : node;
                    }
                    case "Fn::If" -> {
                        return resolve(argument.get(condition(argument.get(0).asText()) ? 1 : 2));
                    }
                    case "Fn::Sub" -> {
                        String text = argument.isArray() ? argument.get(0).asText() : argument.asText();
                        Map<String, String> variables = new TreeMap<>(values);
                        if (argument.isArray()) {
                            argument.get(1)
                                    .fields()
                                    .forEachRemaining(v -> variables.put(
                                            v.getKey(), resolve(v.getValue()).asText()));
                        }
                        Matcher variable = Pattern.compile("\\$\\{([^}]+)}").matcher(text);
                        StringBuilder out = new StringBuilder();
                        while (variable.find()) {
                            String name = variable.group(1);
                            variable.appendReplacement(
                                    out, Matcher.quoteReplacement(variables.getOrDefault(name, "${" + name + "}")));
                        }
                        variable.appendTail(out);
                        return new TextNode(out.toString());
                    }
                    default -> {
                        // Fn::GetAtt and the rest: a reference to a resource of the template, left as it is.
                    }
                }
            }
            if (node.isObject()) {
                ObjectNode copy = CloudAssembly.JSON.createObjectNode();
                node.fields().forEachRemaining(f -> copy.set(f.getKey(), resolve(f.getValue())));
                return copy;
            }
            if (node.isArray()) {
                ArrayNode copy = CloudAssembly.JSON.createArrayNode();
                node.forEach(item -> copy.add(resolve(item)));
                return copy;
            }
            return node;
        }

        /** The resources CloudFormation would create: those whose Condition holds, resolved. */
        Map<String, JsonNode> resources() {
            Map<String, JsonNode> created = new TreeMap<>();
            template.path("Resources").fields().forEachRemaining(r -> {
                if (!r.getValue().has("Condition")
                        || condition(r.getValue().get("Condition").asText())) {
                    created.put(r.getKey(), resolve(r.getValue()));
                }
            });
            return created;
        }

        JsonNode output(String name) {
            return resolve(template.path("Outputs").path(name).path("Value"));
        }
    }

    static JsonNode samExpanded() {
        assumeTrue(
                CloudAssembly.samTranslatorPresent(),
                "the SAM translator (python3 -m pip install cfn-lint) is not installed here");
        return CloudAssembly.samExpanded();
    }

    @Test
    void samWithTheRestoredParametersPointsEveryFunctionAndWhatNamesAStoreAtThem() {
        Deployed deployed = new Deployed(samExpanded(), SAM_RESTORED);
        Map<String, JsonNode> resources = deployed.resources();
        String tableArn = "arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/" + table("dev");
        String bucketArn = "arn:aws:s3:::" + bucket("dev");
        for (FunctionSpec spec : Functions.ALL) {
            JsonNode variables = resources
                    .get(spec.name() + "Function")
                    .path("Properties")
                    .path("Environment")
                    .path("Variables");
            assertEquals(table("dev"), variables.path("TABLE_NAME").asText(), spec.name());
            assertEquals(bucket("dev"), variables.path("BUCKET_NAME").asText(), spec.name());
        }
        int named = 0;
        for (Map.Entry<String, List<String>> policy : samStatements(resources).entrySet()) {
            for (String statement : policy.getValue()) {
                Matcher action = ACTION.matcher(statement);
                if (!action.find() || statement.contains("RecoveryLedger") || statement.contains("OrderLake")) {
                    continue;
                }
                switch (action.group(1)) {
                    case "dynamodb" ->
                        assertTrue(statement.contains("\"" + tableArn + "\""), policy.getKey() + ": " + statement);
                    case "s3" -> assertTrue(statement.contains(bucketArn), policy.getKey() + ": " + statement);
                    default -> {
                        continue;
                    }
                }
                assertFalse(
                        onWhat(statement).contains("Table")
                                || onWhat(statement).contains("polystack-dev-uploads-" + ACCOUNT),
                        statement);
                named++;
            }
        }
        assertTrue(named > 20, "statements on the table and the bucket: " + named);
        assertTrue(
                resources
                        .get("ImagesDistribution")
                        .toString()
                        .contains("\"" + bucket("dev") + ".s3.us-east-1.amazonaws.com\""),
                "the image origin is the restored bucket");
        String policy =
                resources.get("RestoredUploadBucketPolicy").path("Properties").toString();
        assertTrue(
                policy.contains("\"Bucket\":\"" + bucket("dev") + "\"")
                        && policy.contains(bucketArn + "/products/*")
                        && policy.contains("aws:SecureTransport"),
                policy);
        assertEquals(
                List.of("arn:aws:rds:us-east-1:000000000000:cluster:polystack-local", tableArn, bucketArn),
                BackupsTest.list(resources
                                .get("BackupSelection")
                                .path("Properties")
                                .path("BackupSelection")
                                .path("Resources"))
                        .stream()
                        .map(JsonNode::asText)
                        .toList());
        assertEquals(table("dev"), deployed.output("TableName").asText());
        assertEquals(bucket("dev"), deployed.output("BucketName").asText());
        // The stack's own stay, without a condition.
        for (String own : List.of("Table", "UploadBucket", "UploadBucketTlsOnly", "RecoveryLedger")) {
            assertTrue(resources.containsKey(own), own);
            assertFalse(deployed.template.path("Resources").path(own).has("Condition"), own);
        }
    }

    @Test
    void samWithTheParametersAtTheirDefaultsUsesTheStacksOwnStores() {
        Deployed deployed = new Deployed(samExpanded(), Map.of());
        Map<String, JsonNode> resources = deployed.resources();
        assertFalse(resources.containsKey("RestoredUploadBucketPolicy"));
        for (FunctionSpec spec : Functions.ALL) {
            JsonNode variables = resources
                    .get(spec.name() + "Function")
                    .path("Properties")
                    .path("Environment")
                    .path("Variables");
            assertEquals("{\"Ref\":\"Table\"}", variables.path("TABLE_NAME").toString(), spec.name());
            assertEquals(
                    "polystack-dev-uploads-" + ACCOUNT + "-us-east-1",
                    variables.path("BUCKET_NAME").asText());
        }
        samStatements(resources)
                .forEach((policy, each) -> each.forEach(statement -> {
                    if (statement.contains("\"dynamodb:") && !statement.contains("RecoveryLedger")) {
                        assertTrue(
                                statement.contains("{\"Fn::GetAtt\":[\"Table\",\"Arn\"]}"), policy + ": " + statement);
                    }
                }));
        assertEquals("{\"Ref\":\"Table\"}", deployed.output("TableName").toString());
    }

    @ParameterizedTest
    @CsvSource({
        "RestoredTableName, '', true",
        "RestoredTableName, polystack-prod-Table-1A2B.incident_1, true",
        "RestoredTableName, ab, false",
        "RestoredTableName, has space, false",
        "RestoredBucketName, '', true",
        "RestoredBucketName, polystack-prod-uploads-incident-1, true",
        "RestoredBucketName, Upper, false",
        "RestoredBucketName, -starts-with-hyphen, false",
    })
    void samRefusesARestoredNameThatCannotBeOne(String parameter, String value, boolean accepted) throws Exception {
        String pattern = DeployReadinessTest.sam()
                .path("Parameters")
                .path(parameter)
                .path("AllowedPattern")
                .asText();
        assertEquals(accepted, value.matches(pattern), parameter + "=" + value + " against " + pattern);
    }

    /** Each statement of every role and policy, resolved, by resource id. */
    static Map<String, List<String>> samStatements(Map<String, JsonNode> resources) {
        Map<String, List<String>> found = new TreeMap<>();
        resources.forEach((id, resource) -> {
            List<JsonNode> documents = new ArrayList<>();
            resource.path("Properties").path("Policies").forEach(p -> documents.add(p.path("PolicyDocument")));
            if ("AWS::IAM::Policy".equals(resource.path("Type").asText())) {
                documents.add(resource.path("Properties").path("PolicyDocument"));
            }
            List<String> each = new ArrayList<>();
            documents.forEach(
                    d -> d.path("Statement").forEach(s -> each.add(s.path("Action") + " on " + s.path("Resource"))));
            if (!each.isEmpty()) {
                found.put(id, each);
            }
        });
        return found;
    }
}
