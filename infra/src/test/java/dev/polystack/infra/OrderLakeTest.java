package dev.polystack.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.lake.LakeTable;
import dev.polystack.lake.NamedQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The order lake as `cdk synth` writes it for the dev stage. */
class OrderLakeTest {
    static PolystackStackTest.Synth dev;

    @BeforeAll
    static void synthesise() {
        dev = PolystackStackTest.synth(Map.of("stage", "dev"));
    }

    static JsonNode properties(String type) {
        return dev.only(type).get("Properties");
    }

    static String logicalIdOf(String type) {
        Map<String, JsonNode> found = dev.ofType(type);
        assertEquals(1, found.size(), type);
        return found.keySet().iterator().next();
    }

    @Test
    void firehosePartitionsByEventDayAndConvertsToParquetThroughTheGlueTable() {
        JsonNode s3 = properties("AWS::KinesisFirehose::DeliveryStream").get("ExtendedS3DestinationConfiguration");
        assertEquals(LakeTable.S3_PREFIX, s3.get("Prefix").asText());
        assertEquals(
                "lake/orders/dt=!{partitionKeyFromQuery:dt}/", s3.get("Prefix").asText());
        assertTrue(s3.get("DynamicPartitioningConfiguration").get("Enabled").asBoolean());
        JsonNode processor = s3.get("ProcessingConfiguration").get("Processors").get(0);
        assertEquals("MetadataExtraction", processor.get("Type").asText());
        assertEquals(
                LakeTable.PARTITION_QUERY,
                processor.get("Parameters").get(0).get("ParameterValue").asText());
        JsonNode conversion = s3.get("DataFormatConversionConfiguration");
        assertTrue(conversion.get("Enabled").asBoolean());
        assertEquals(
                "SNAPPY",
                conversion
                        .get("OutputFormatConfiguration")
                        .get("Serializer")
                        .get("ParquetSerDe")
                        .get("Compression")
                        .asText());
        assertEquals(
                LakeTable.TABLE,
                conversion.get("SchemaConfiguration").get("TableName").asText());
        assertEquals(
                "polystack_dev_lake",
                conversion.get("SchemaConfiguration").get("DatabaseName").asText());
        assertEquals(
                128,
                s3.get("BufferingHints").get("SizeInMBs").asInt(),
                "Parquet conversion needs at least 64 MiB; the most, against small files");
        assertEquals(900, s3.get("BufferingHints").get("IntervalInSeconds").asInt());
        assertEquals("UNCOMPRESSED", s3.get("CompressionFormat").asText());
    }

    @Test
    void glueTableHasTheLakeColumnsAndProjectsItsDayPartitions() {
        JsonNode input = properties("AWS::Glue::Table").get("TableInput");
        List<String> columns = new ArrayList<>();
        input.get("StorageDescriptor")
                .get("Columns")
                .forEach(c ->
                        columns.add(c.get("Name").asText() + " " + c.get("Type").asText()));
        assertEquals(
                LakeTable.COLUMNS.stream().map(c -> c.name() + " " + c.type()).toList(), columns);
        assertEquals("dt", input.get("PartitionKeys").get(0).get("Name").asText());
        JsonNode parameters = input.get("Parameters");
        assertEquals("true", parameters.get("projection.enabled").asText());
        assertEquals("date", parameters.get("projection.dt.type").asText());
        assertEquals("yyyy-MM-dd", parameters.get("projection.dt.format").asText());
        assertEquals(
                LakeTable.FIRST_DAY + ",NOW",
                parameters.get("projection.dt.range").asText());
        assertTrue(
                parameters.get("storage.location.template").toString().contains("/lake/orders/dt=${dt}/"),
                parameters.toString());
        assertEquals(
                "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                input.get("StorageDescriptor")
                        .get("SerdeInfo")
                        .get("SerializationLibrary")
                        .asText());
        assertEquals(0, dev.ofType("AWS::Glue::Crawler").size(), "no crawler: projection");
    }

    @Test
    void athenaWorkgroupEnforcesItsResultLocationAndAScanLimit() {
        JsonNode configuration = properties("AWS::Athena::WorkGroup").get("WorkGroupConfiguration");
        assertTrue(configuration.get("EnforceWorkGroupConfiguration").asBoolean());
        assertEquals(
                OrderLake.BYTES_SCANNED_CUTOFF,
                configuration.get("BytesScannedCutoffPerQuery").asLong());
        assertEquals(
                "SSE_S3",
                configuration
                        .get("ResultConfiguration")
                        .get("EncryptionConfiguration")
                        .get("EncryptionOption")
                        .asText());
        assertTrue(
                configuration
                        .get("ResultConfiguration")
                        .get("OutputLocation")
                        .toString()
                        .contains("OrderLakeQueryResults"),
                "results go to the workgroup's own bucket");
    }

    @Test
    void everyNamedQueryIsSavedWithTheTextLocalQueryRuns() {
        Map<String, JsonNode> saved = dev.ofType("AWS::Athena::NamedQuery");
        assertEquals(NamedQuery.values().length, saved.size());
        Set<String> names = new TreeSet<>();
        saved.values().forEach(query -> {
            JsonNode p = query.get("Properties");
            NamedQuery named = NamedQuery.valueOf(p.get("Name").asText().toUpperCase(java.util.Locale.ROOT));
            assertEquals(named.sql(), p.get("QueryString").asText());
            assertEquals("polystack_dev_lake", p.get("Database").asText());
            names.add(p.get("Name").asText());
        });
        assertEquals(
                Set.of(
                        "daily_revenue",
                        "top_products_by_units",
                        "top_products_by_revenue",
                        "cancellation_rate",
                        "orders_per_hour"),
                names);
    }

    @Test
    void lakeAndResultsHaveLifecycleRules() {
        String buckets = dev.ofType("AWS::S3::Bucket").toString();
        for (String rule : List.of("tier-order-events", "expire-delivery-errors", "expire-query-results")) {
            assertTrue(buckets.contains(rule), rule);
        }
    }

    /**
     * The relay lives in the functions' nested stack: its variable refers to a parameter of that stack,
     * which the parent passes as a reference to the stream. The logical id that reference names.
     */
    static String throughNestedStackParameter(String ref) {
        return logicalIdIn(throughNestedStack(jsonRef(ref)));
    }

    private static JsonNode jsonRef(String ref) {
        return PolystackStackTest.JSON.createObjectNode().put("Ref", ref);
    }

    /** A value as the parent stack passes it, when it is a reference to a parameter of a nested stack. */
    static JsonNode throughNestedStack(JsonNode value) {
        if (!value.has("Ref") || dev.resources().has(value.get("Ref").asText())) {
            return value;
        }
        for (JsonNode nested : dev.ofType("AWS::CloudFormation::Stack").values()) {
            JsonNode passed = nested.path("Properties")
                    .path("Parameters")
                    .path(value.get("Ref").asText());
            if (!passed.isMissingNode()) {
                return passed;
            }
        }
        throw new AssertionError(value + " is neither a resource nor a parameter a nested stack is given");
    }

    /** The logical id a {@code Ref} or {@code Fn::GetAtt} names. */
    static String logicalIdIn(JsonNode reference) {
        return reference.has("Ref")
                ? reference.get("Ref").asText()
                : reference.get("Fn::GetAtt").get(0).asText();
    }

    @Test
    void relayGetsTheStreamNameAndMayOnlyPutRecordsToIt() {
        String stream = logicalIdOf("AWS::KinesisFirehose::DeliveryStream");
        JsonNode relay = PolystackStackTest.ourFunctions(dev).values().stream()
                .filter(f -> f.get("Properties").get("Handler").asText().endsWith("OutboxRelayHandler"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                stream,
                throughNestedStackParameter(relay.get("Properties")
                        .get("Environment")
                        .get("Variables")
                        .get("LAKE_STREAM")
                        .get("Ref")
                        .asText()));
        String role =
                relay.get("Properties").get("Role").get("Fn::GetAtt").get(0).asText();
        boolean found = false;
        for (JsonNode policy : dev.ofType("AWS::IAM::Policy").values()) {
            if (!policy.get("Properties").get("Roles").toString().contains(role)) {
                continue;
            }
            for (JsonNode statement :
                    policy.get("Properties").get("PolicyDocument").get("Statement")) {
                if (statement.get("Action").toString().contains("firehose:")) {
                    assertEquals(
                            "\"firehose:PutRecordBatch\"",
                            statement.get("Action").toString());
                    assertEquals(stream, logicalIdIn(throughNestedStack(statement.get("Resource"))));
                    found = true;
                }
            }
        }
        assertTrue(found);
    }

    @Test
    void firehoseRoleWritesOnlyUnderLakeInTheLakeBucket() {
        JsonNode statements = dev.ofType("AWS::IAM::Policy").entrySet().stream()
                .filter(e -> e.getKey().startsWith("OrderLakeDeliveryRole"))
                .findFirst()
                .orElseThrow()
                .getValue()
                .get("Properties")
                .get("PolicyDocument")
                .get("Statement");
        String s3 = statements.get(0).get("Resource").toString();
        assertTrue(s3.contains("/lake/*") && s3.contains("OrderLakeBucket") && !s3.contains("Uploads"), s3);
    }

    static JsonNode samResource(String id) throws java.io.IOException {
        JsonNode sam =
                TemplateGraph.parse(java.nio.file.Files.readString(ContractsAgreeTest.ROOT.resolve("template.yaml")));
        JsonNode resource = sam.get("Resources").get(id);
        assertTrue(resource != null, id + " is in template.yaml");
        return resource.get("Properties");
    }

    @Test
    void samLakeBlockHasTheSameTableAndQueriesAsTheCdkStack() throws Exception {
        List<String> columns = new ArrayList<>();
        samResource("OrderLakeTable")
                .get("TableInput")
                .get("StorageDescriptor")
                .get("Columns")
                .forEach(c ->
                        columns.add(c.get("Name").asText() + " " + c.get("Type").asText()));
        assertEquals(
                LakeTable.COLUMNS.stream().map(c -> c.name() + " " + c.type()).toList(), columns);
        JsonNode s3 = samResource("OrderEventsStream").get("ExtendedS3DestinationConfiguration");
        assertEquals(LakeTable.S3_PREFIX, s3.get("Prefix").asText());
        assertEquals(LakeTable.ERROR_PREFIX, s3.get("ErrorOutputPrefix").asText());
        assertEquals(
                LakeTable.PARTITION_QUERY,
                s3.get("ProcessingConfiguration")
                        .get("Processors")
                        .get(0)
                        .get("Parameters")
                        .get(0)
                        .get("ParameterValue")
                        .asText());
        assertEquals(
                OrderLake.BUFFER_MIB, s3.get("BufferingHints").get("SizeInMBs").asInt());
        assertEquals(
                OrderLake.BUFFER_SECONDS,
                s3.get("BufferingHints").get("IntervalInSeconds").asInt());
        assertEquals(
                OrderLake.BYTES_SCANNED_CUTOFF,
                samResource("OrderLakeWorkGroup")
                        .get("WorkGroupConfiguration")
                        .get("BytesScannedCutoffPerQuery")
                        .asLong());
        for (NamedQuery query : NamedQuery.values()) {
            String id = "OrderLakeQuery"
                    + java.util.Arrays.stream(query.id().split("_"))
                            .map(p -> Character.toUpperCase(p.charAt(0)) + p.substring(1))
                            .collect(java.util.stream.Collectors.joining());
            assertEquals(query.sql(), samResource(id).get("QueryString").asText(), id);
        }
        Set<String> relayActions = new TreeSet<>();
        samResource("OrderLakeRelayPolicy")
                .get("PolicyDocument")
                .get("Statement")
                .forEach(st -> st.get("Action").forEach(a -> relayActions.add(a.asText())));
        assertEquals(new TreeSet<>(OrderLake.RELAY_ACTIONS), relayActions);
    }
}
