package dev.polystack.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 26.1 and issue 21.8/21.9: every store that holds data is backed up to one common recovery window, in
 * both stages of the CDK app (as {@code cdk synth} writes them) and in template.yaml; prod keeps what holds
 * data, the database secret included, and has a reader to fail over to. docs/backups.md explains the choices.
 */
class BackupsTest {
    /** The recovery window per stage, in days: continuous backup's maximum in prod, a week in dev. */
    static final Map<String, Integer> WINDOW = Map.of("dev", 7, "prod", 35);

    static final Set<String> BACKUP_ROLE_POLICIES = Set.of(
            "service-role/AWSBackupServiceRolePolicyForBackup",
            "service-role/AWSBackupServiceRolePolicyForRestores",
            "AWSBackupServiceRolePolicyForS3Backup",
            "AWSBackupServiceRolePolicyForS3Restore");

    static Map<String, JsonNode> ofType(Map<String, JsonNode> resources, String type) {
        Map<String, JsonNode> found = new TreeMap<>();
        resources.forEach((id, resource) -> {
            if (type.equals(resource.path("Type").asText())) {
                found.put(id, resource);
            }
        });
        return found;
    }

    static Map.Entry<String, JsonNode> only(Map<String, JsonNode> resources, String type) {
        Map<String, JsonNode> found = ofType(resources, type);
        assertEquals(1, found.size(), "one " + type + ": " + found.keySet());
        return found.entrySet().iterator().next();
    }

    /** The database's secret (the edge's origin secret is the other one: docs/edge.md). */
    static Map.Entry<String, JsonNode> databaseSecret(Map<String, JsonNode> resources) {
        Map<String, JsonNode> found = ofType(resources, "AWS::SecretsManager::Secret");
        found.keySet().removeIf(id -> id.startsWith("EdgeOriginSecret"));
        assertEquals(1, found.size(), "one database secret: " + found.keySet());
        return found.entrySet().iterator().next();
    }

    /** The stores' table (the recovery ledger is the other one). */
    static Map.Entry<String, JsonNode> storesTable(Map<String, JsonNode> resources) {
        return ofType(resources, "AWS::DynamoDB::Table").entrySet().stream()
                .filter(e -> !e.getKey().startsWith("RecoveryLedger"))
                .findFirst()
                .orElseThrow();
    }

    /** The CDK upload bucket: the one with CORS (the access-log and lake buckets have none). */
    static Map.Entry<String, JsonNode> uploadBucket(Map<String, JsonNode> resources) {
        return ofType(resources, "AWS::S3::Bucket").entrySet().stream()
                .filter(e -> e.getValue().path("Properties").has("CorsConfiguration"))
                .findFirst()
                .orElseThrow();
    }

    static List<JsonNode> list(JsonNode node) {
        return StreamSupport.stream(node.spliterator(), false).toList();
    }

    static Set<String> managedPolicyNames(JsonNode role) {
        return list(role.path("Properties").path("ManagedPolicyArns")).stream()
                .map(arn -> arn.toString().replaceAll(".*:policy/", "").replaceAll("[\"\\]}]", ""))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theUploadBucketIsVersionedAndForgetsOldVersionsAfterTheWindow(String stage) {
        JsonNode bucket =
                uploadBucket(DeployReadinessTest.cdkResources(stage)).getValue().get("Properties");
        assertEquals(
                "Enabled",
                bucket.path("VersioningConfiguration").path("Status").asText(),
                "S3 continuous backup needs versioning");
        List<JsonNode> rules = list(bucket.path("LifecycleConfiguration").path("Rules"));
        assertTrue(
                rules.stream()
                        .anyMatch(r -> !r.has("Prefix")
                                && !r.has("TagFilters")
                                && r.path("NoncurrentVersionExpiration")
                                                .path("NoncurrentDays")
                                                .asInt()
                                        == WINDOW.get(stage)),
                stage + ": old versions expire after the recovery window: " + rules);
        JsonNode exports = rules.stream()
                .filter(r -> "exports/".equals(r.path("Prefix").asText()))
                .findFirst()
                .orElseThrow();
        assertEquals(
                1,
                exports.path("NoncurrentVersionExpiration")
                        .path("NoncurrentDays")
                        .asInt(),
                "a personal data export is gone a day after it expires, not a recovery window later");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void oneBackupPlanKeepsContinuousBackupsOfTheClusterTheTableAndTheBucketForTheWindow(String stage) {
        Map<String, JsonNode> resources = DeployReadinessTest.cdkResources(stage);
        JsonNode plan = only(resources, "AWS::Backup::BackupPlan").getValue();
        List<JsonNode> rules = list(plan.path("Properties").path("BackupPlan").path("BackupPlanRule"));
        assertEquals(1, rules.size(), "one rule, one window: " + rules);
        assertTrue(rules.get(0).path("EnableContinuousBackup").asBoolean(), "continuous backups (PITR)");
        assertEquals(
                (int) WINDOW.get(stage),
                rules.get(0).path("Lifecycle").path("DeleteAfterDays").asInt());

        JsonNode selection =
                only(resources, "AWS::Backup::BackupSelection").getValue().path("Properties");
        String selected = selection.path("BackupSelection").path("Resources").toString();
        String cluster = only(resources, "AWS::RDS::DBCluster").getKey();
        String table = storesTable(resources).getKey();
        String bucket = uploadBucket(resources).getKey();
        for (String store : List.of(cluster, table, bucket)) {
            assertTrue(
                    selected.contains("\"" + store + "\""), stage + ": the selection names " + store + ": " + selected);
        }
        // The recovery ledger must survive a restore of the stores as it is: never in their selection.
        ofType(resources, "AWS::DynamoDB::Table").keySet().stream()
                .filter(id -> id.startsWith("RecoveryLedger"))
                .forEach(ledger -> assertTrue(
                        !selected.contains("\"" + ledger + "\""),
                        stage + ": the ledger is not backed up with the stores"));
        String role = selection
                .path("BackupSelection")
                .path("IamRoleArn")
                .path("Fn::GetAtt")
                .get(0)
                .asText();
        assertEquals(BACKUP_ROLE_POLICIES, managedPolicyNames(resources.get(role)));

        JsonNode tableProperties = resources.get(table).path("Properties");
        assertEquals(
                (int) WINDOW.get(stage),
                tableProperties
                        .path("PointInTimeRecoverySpecification")
                        .path("RecoveryPeriodInDays")
                        .asInt(),
                "DynamoDB's own PITR (AWS Backup has no continuous backup for DynamoDB) keeps the same window");
        assertEquals(
                (int) WINDOW.get(stage),
                resources
                        .get(cluster)
                        .path("Properties")
                        .path("BackupRetentionPeriod")
                        .asInt(),
                "Aurora's retention is the window AWS Backup keeps it at");
    }

    @Test
    void prodRetainsTheVaultTheStoresAndTheDatabaseSecret() {
        Map<String, JsonNode> resources = DeployReadinessTest.cdkResources("prod");
        assertEquals(
                "Retain",
                only(resources, "AWS::Backup::BackupVault")
                        .getValue()
                        .path("DeletionPolicy")
                        .asText(),
                "the vault");
        assertEquals(
                "Retain",
                databaseSecret(resources).getValue().path("DeletionPolicy").asText(),
                "the database secret");
        ofType(resources, "AWS::DynamoDB::Table")
                .forEach((id, table) ->
                        assertEquals("Retain", table.path("DeletionPolicy").asText(), id));
        assertEquals(
                "Retain",
                uploadBucket(resources).getValue().path("DeletionPolicy").asText());
        assertEquals(
                "Snapshot",
                only(resources, "AWS::RDS::DBCluster")
                        .getValue()
                        .path("DeletionPolicy")
                        .asText());
        assertEquals(
                "Retain",
                only(DeployReadinessTest.cdkResources("dev"), "AWS::Backup::BackupVault")
                        .getValue()
                        .path("DeletionPolicy")
                        .asText(),
                "a vault that holds recovery points cannot be deleted, so no stage tries");
    }

    /**
     * Issue 21.8: no AWS documentation found says the Data API accepts an RDS-managed master secret, so prod
     * rotates its secret the documented way: Secrets Manager's single-user rotation function for Aurora
     * PostgreSQL in the cluster's subnets, reaching Secrets Manager through an interface endpoint.
     */
    @Test
    void prodRotatesTheDatabaseSecretThroughAnEndpointInTheVpc() {
        Map<String, JsonNode> prod = DeployReadinessTest.cdkResources("prod");
        JsonNode schedule =
                only(prod, "AWS::SecretsManager::RotationSchedule").getValue().path("Properties");
        String secret = databaseSecret(prod).getKey();
        // The schedule names the secret's attachment to the cluster, which names the secret.
        JsonNode target = prod.get(schedule.path("SecretId").path("Ref").asText());
        assertTrue(
                target.path("Properties").path("SecretId").toString().contains(secret),
                "the cluster's secret is rotated: " + schedule);
        assertTrue(
                schedule.path("RotationRules")
                                .path("ScheduleExpression")
                                .asText()
                                .matches("rate\\((\\d|[12]\\d|30) days\\)")
                        || schedule.path("RotationRules")
                                        .path("AutomaticallyAfterDays")
                                        .asInt(99)
                                <= 30,
                "rotated at least every 30 days: " + schedule);
        assertTrue(
                ofType(prod, "AWS::EC2::VPCEndpoint").values().stream()
                        .anyMatch(e -> e.path("Properties")
                                .path("ServiceName")
                                .toString()
                                .contains("secretsmanager")),
                "the rotation function in the isolated subnets reaches Secrets Manager through an endpoint");
        String endpointGroup = ofType(prod, "AWS::EC2::VPCEndpoint").values().stream()
                .filter(e -> e.path("Properties").path("ServiceName").toString().contains("secretsmanager"))
                .findFirst()
                .orElseThrow()
                .path("Properties")
                .path("SecurityGroupIds")
                .get(0)
                .path("Fn::GetAtt")
                .get(0)
                .asText();
        assertTrue(
                ofType(prod, "AWS::EC2::SecurityGroupIngress").values().stream()
                        .map(i -> i.path("Properties"))
                        .anyMatch(i -> i.path("GroupId").toString().contains(endpointGroup)
                                && i.path("FromPort").asInt() == 443
                                && i.has("SourceSecurityGroupId")),
                "the endpoint admits the rotation function (and, not open to the VPC, nothing else)");
        assertEquals(
                0,
                ofType(DeployReadinessTest.cdkResources("dev"), "AWS::EC2::VPCEndpoint")
                        .size(),
                "dev pays for no endpoint (its secret goes with the stage)");
    }

    @Test
    void prodAuroraHasAPromotableReaderInAnotherZone() {
        Map<String, JsonNode> prod = ofType(DeployReadinessTest.cdkResources("prod"), "AWS::RDS::DBInstance");
        assertEquals(2, prod.size(), "a writer and a reader: " + prod.keySet());
        List<JsonNode> instances =
                prod.values().stream().map(i -> i.path("Properties")).toList();
        assertNotEquals(
                instances.get(0).path("AvailabilityZone").toString(),
                instances.get(1).path("AvailabilityZone").toString(),
                "writer and reader in two zones");
        assertTrue(
                instances.stream()
                        .allMatch(i -> i.has("AvailabilityZone")
                                && i.path("PromotionTier").asInt(15) <= 1),
                "the reader scales with the writer and is promoted first: " + instances);
        assertEquals(
                1,
                ofType(DeployReadinessTest.cdkResources("dev"), "AWS::RDS::DBInstance")
                        .size(),
                "dev keeps one writer");
    }

    @Test
    void samBacksUpTheSameStoresForTheSameWindow() throws IOException {
        Map<String, JsonNode> resources = new TreeMap<>();
        DeployReadinessTest.sam()
                .path("Resources")
                .fields()
                .forEachRemaining(e -> resources.put(e.getKey(), e.getValue()));
        JsonNode window = DeployReadinessTest.sam().path("Parameters").path("RecoveryWindowDays");
        assertEquals(35, window.path("MaxValue").asInt(), "continuous backup keeps at most 35 days");
        String ref = "{\"Ref\":\"RecoveryWindowDays\"}";

        JsonNode bucket = resources.get("UploadBucket").path("Properties");
        assertEquals(
                "Enabled", bucket.path("VersioningConfiguration").path("Status").asText());
        assertTrue(
                list(bucket.path("LifecycleConfiguration").path("Rules")).stream()
                        .anyMatch(r -> ref.equals(r.path("NoncurrentVersionExpiration")
                                .path("NoncurrentDays")
                                .toString())),
                "old versions expire after the window");
        assertEquals(
                ref,
                resources
                        .get("Table")
                        .path("Properties")
                        .path("PointInTimeRecoverySpecification")
                        .path("RecoveryPeriodInDays")
                        .toString());

        JsonNode rule = only(resources, "AWS::Backup::BackupPlan")
                .getValue()
                .path("Properties")
                .path("BackupPlan")
                .path("BackupPlanRule")
                .get(0);
        assertTrue(rule.path("EnableContinuousBackup").asBoolean());
        assertEquals(ref, rule.path("Lifecycle").path("DeleteAfterDays").toString());
        JsonNode selection = only(resources, "AWS::Backup::BackupSelection")
                .getValue()
                .path("Properties")
                .path("BackupSelection");
        String selected = selection.path("Resources").toString();
        for (String store : List.of("DbClusterArn", "\"Table\"", "UploadBucket")) {
            assertTrue(selected.contains(store), "template.yaml's selection names " + store + ": " + selected);
        }
        String role = selection.path("IamRoleArn").path("Fn::GetAtt").get(0).asText();
        assertEquals(BACKUP_ROLE_POLICIES, managedPolicyNames(resources.get(role)));
        assertEquals(
                "Retain",
                only(resources, "AWS::Backup::BackupVault")
                        .getValue()
                        .path("DeletionPolicy")
                        .asText());
        assertEquals(
                "{\"Fn::If\":[\"IsProd\",true,false]}",
                resources
                        .get("Table")
                        .path("Properties")
                        .path("DeletionProtectionEnabled")
                        .toString(),
                "a stage named prod protects its table, as the CDK app's prod does");
    }
}
