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
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What a real `cdk deploy` and `sam deploy` would hit (issue 21), checked on both synthesised stages and template.yaml. */
class DeployReadinessTest {
    static JsonNode sam() throws IOException {
        return TemplateGraph.parse(Files.readString(ContractsAgreeTest.ROOT.resolve("template.yaml")));
    }

    /** The dev stage's resources of every template (the stack and its nested stacks). */
    static Map<String, JsonNode> cdkResources(String stage) {
        Map<String, JsonNode> all = new TreeMap<>();
        CloudAssembly.templates(stage)
                .values()
                .forEach(file -> CloudAssembly.read(file)
                        .path("Resources")
                        .fields()
                        .forEachRemaining(e -> all.put(e.getKey(), e.getValue())));
        return all;
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
        assertNotEquals(
                before.get("HealthFunction"),
                afterTimeout.get("HealthFunction"),
                "a new Timeout publishes a new version");
        assertEquals(
                before.get("GetMeFunction"),
                afterTimeout.get("GetMeFunction"),
                "an unchanged function keeps its version");
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
}
