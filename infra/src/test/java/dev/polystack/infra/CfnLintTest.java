package dev.polystack.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * cfn-lint (https://github.com/aws-cloudformation/cfn-lint) over template.yaml and every template of
 * both synthesised stages: no error and no warning. A warning accepted on purpose is listed, with its
 * reason, in {@code .cfnlintrc.yaml} at the project's root, which cfn-lint reads from there.
 */
class CfnLintTest {
    @BeforeAll
    static void cfnLintIsInstalled() {
        assumeTrue(
                CloudAssembly.succeeds("cfn-lint", "--version"),
                "cfn-lint is not installed here (python3 -m pip install cfn-lint==1.51.0; .ci/run checks it is there)");
    }

    @Test
    void templateYamlHasNoFinding() throws Exception {
        assertEquals(
                "",
                lint(List.of(ContractsAgreeTest.ROOT.resolve("template.yaml").toString())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theSynthesisedStageHasNoFinding(String stage) throws Exception {
        List<String> files = new ArrayList<>();
        CloudAssembly.templates(stage).values().forEach(path -> files.add(path.toString()));
        assertEquals("", lint(files));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theStageSwitchedToRestoredStoresHasNoFinding(String stage) throws Exception {
        List<String> files = new ArrayList<>();
        CloudAssembly.templates(CloudAssembly.of(stage, "restored", SwitchStackTest.restoredContext(stage)))
                .values()
                .forEach(path -> files.add(path.toString()));
        assertEquals("", lint(files));
    }

    /** cfn-lint's findings, one per line (file:line:column:end line:end column:rule:message); empty when there are none. */
    static String lint(List<String> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("cfn-lint", "--format", "parseable"));
        command.addAll(files);
        File output = File.createTempFile("cfn-lint", ".txt");
        Process process = new ProcessBuilder(command)
                .directory(ContractsAgreeTest.ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output)
                .start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("cfn-lint did not finish in 10 minutes");
        }
        String findings = Files.readString(output.toPath()).strip();
        System.out.println("[cfn-lint] exit " + process.exitValue() + " over " + files.size() + " file(s)"
                + (findings.isEmpty() ? "" : ":\n" + findings));
        return findings;
    }
}
