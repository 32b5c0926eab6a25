package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.polystack.shared.adapter.SingleTable;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.s3.S3Client;

/** What a tool outside the stack (the AWS CLI, one's own code) reaches with the banner's {@code export} lines. */
class OtherToolsIT {
    @Test
    void theExportsAreTheSdksStandardVariablesThenTheResourceNames() {
        assertEquals(
                List.of(
                        "AWS_ENDPOINT_URL_DYNAMODB",
                        "AWS_ENDPOINT_URL_S3",
                        "AWS_ENDPOINT_URL_RDS_DATA",
                        "AWS_ENDPOINT_URL_LAMBDA",
                        "AWS_ENDPOINT_URL_FIREHOSE",
                        "AWS_REGION",
                        "AWS_DEFAULT_REGION",
                        "AWS_ACCESS_KEY_ID",
                        "AWS_SECRET_ACCESS_KEY",
                        "TABLE_NAME",
                        "BUCKET_NAME",
                        "LEDGER_TABLE",
                        "DB_CLUSTER_ARN",
                        "DB_SECRET_ARN",
                        "DB_NAME",
                        "LAKE_STREAM",
                        "LAKE_BUCKET"),
                List.copyOf(SharedBackend.get().exports().keySet()));
    }

    @Test
    void codeConfiguredOnlyByTheExportsReachesEveryStore() throws Exception {
        ProcessBuilder probe = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ExportsProbe.class.getName())
                .redirectErrorStream(true);
        // A clean shell: no profile, no other AWS settings; only what the banner says to export.
        probe.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        probe.environment().put("AWS_CONFIG_FILE", "/nonexistent/config");
        probe.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials");
        probe.environment().putAll(SharedBackend.get().exports());
        Process process = probe.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), output);
        assertEquals(
                List.of(
                        "dynamodb: table polystack ACTIVE",
                        "s3: bucket polystack-uploads exists",
                        "rds-data: SELECT 1 = 1"),
                output.lines().filter(line -> line.contains(": ")).toList(),
                output);
    }

    @Test
    void otherCredentialsAndAnotherRegionSeeTheSameTableAndItems() {
        assumeFalse(AwsEmulator.requested(), "LocalStack keeps a database per account and region, as AWS does");
        String email = UserSessionIT.uniqueEmail();
        String userId = UserSessionIT.signUp(email);
        try (DynamoDbClient stranger =
                stranger(URI.create(SharedBackend.get().exports().get("AWS_ENDPOINT_URL_DYNAMODB")))) {
            assertEquals(
                    LocalBackend.TABLE,
                    stranger.describeTable(b -> b.tableName(LocalBackend.TABLE))
                            .table()
                            .tableName());
            assertEquals(Optional.of(userId), userIdByEmail(stranger, email));
        }
    }

    /** A DynamoDB client as some other tool makes one: its own credentials (DynamoDB Local wants letters and digits), another region. */
    static DynamoDbClient stranger(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.EU_WEST_2)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("SomeoneElse", "another-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** The user id on the sign-up's e-mail marker, read straight from the table. */
    static Optional<String> userIdByEmail(DynamoDbClient client, String email) {
        Map<String, AttributeValue> marker = client.getItem(b -> b.tableName(LocalBackend.TABLE)
                        .consistentRead(true)
                        .key(Map.of(
                                SingleTable.PK, AttributeValue.fromS(SingleTable.emailKey(email)),
                                SingleTable.SK, AttributeValue.fromS(SingleTable.EMAIL))))
                .item();
        return Optional.ofNullable(marker.get("userId")).map(AttributeValue::s);
    }

    /** One's own code, configured by nothing but the environment: the SDK's defaults and the resource names. */
    public static final class ExportsProbe {
        public static void main(String[] args) throws IOException {
            try (DynamoDbClient dynamo = DynamoDbClient.builder()
                            .httpClient(UrlConnectionHttpClient.create())
                            .build();
                    S3Client s3 = S3Client.builder()
                            .httpClient(UrlConnectionHttpClient.create())
                            .build();
                    RdsDataClient rdsData = RdsDataClient.builder()
                            .httpClient(UrlConnectionHttpClient.create())
                            .build()) {
                String table = System.getenv("TABLE_NAME");
                System.out.println("dynamodb: table " + table + " "
                        + dynamo.describeTable(b -> b.tableName(table)).table().tableStatus());
                String bucket = System.getenv("BUCKET_NAME");
                s3.headBucket(b -> b.bucket(bucket));
                System.out.println("s3: bucket " + bucket + " exists");
                long one = rdsData.executeStatement(b -> b.resourceArn(System.getenv("DB_CLUSTER_ARN"))
                                .secretArn(System.getenv("DB_SECRET_ARN"))
                                .database(System.getenv("DB_NAME"))
                                .sql("SELECT 1"))
                        .records()
                        .get(0)
                        .get(0)
                        .longValue();
                System.out.println("rds-data: SELECT 1 = " + one);
            }
        }
    }
}
