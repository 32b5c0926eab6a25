package dev.polystack.infra;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CloudFormation refuses a template of more than 500 resources
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html); each new
 * route costs about ten. No stack may pass {@link #LIMIT}, so that this round's functions still fit.
 */
class StackLimitsTest {
    static final int LIMIT = 350;

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyStackOfTheCdkAppStaysUnder350Resources(String stage) {
        Map<String, Integer> counts = new TreeMap<>();
        CloudAssembly.templates(stage)
                .forEach((name, file) -> counts.put(
                        name, CloudAssembly.read(file).path("Resources").size()));
        System.out.println("[limits] " + stage + ": resources per template " + counts);
        counts.forEach((name, count) ->
                assertTrue(count <= LIMIT, stage + ": " + name + " has " + count + " resources, over " + LIMIT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyStackSwitchedToRestoredStoresStaysUnder350Resources(String stage) {
        Map<String, Integer> counts = new TreeMap<>();
        CloudAssembly.templates(CloudAssembly.of(stage, "restored", SwitchStackTest.restoredContext(stage)))
                .forEach((name, file) -> counts.put(
                        name, CloudAssembly.read(file).path("Resources").size()));
        System.out.println("[limits] " + stage + " switched to restored stores: resources per template " + counts);
        counts.forEach((name, count) ->
                assertTrue(count <= LIMIT, stage + ": " + name + " has " + count + " resources, over " + LIMIT));
    }

    @Test
    void samsExpandedTemplateStaysUnder350Resources() {
        assumeTrue(
                CloudAssembly.samTranslatorPresent(),
                "the SAM translator (python3 -m pip install cfn-lint) is not installed here");
        int count = CloudAssembly.samExpanded().path("Resources").size();
        System.out.println("[limits] template.yaml after SAM's transform: " + count + " resources");
        assertTrue(count <= LIMIT, "template.yaml expands to " + count + " resources, over " + LIMIT);
    }
}
