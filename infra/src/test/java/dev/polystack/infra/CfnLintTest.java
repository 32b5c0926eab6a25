package dev.polystack.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        assertEquals("", findings(templateYaml()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theSynthesisedStageHasNoFinding(String stage) throws Exception {
        assertEquals("", findings(stage(stage)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theStageSwitchedToRestoredStoresHasNoFinding(String stage) throws Exception {
        assertEquals("", findings(restored(stage)));
    }

    /** A finding that names none of the linted files is everybody's. */
    @Test
    void aFindingIsTheFilesItNamesOrEveryones() {
        List<String> linted = List.of("/t/a.json", "/t/ab.json", "/t/b.json");
        String all = String.join(
                "\n",
                "/t/a.json:3:5:3:9:W3005:Obsolete DependsOn",
                "/t/ab.json:1:1:1:2:E0000:Null value",
                "config error: no such rule");
        assertEquals(
                "/t/a.json:3:5:3:9:W3005:Obsolete DependsOn\nconfig error: no such rule",
                findingsOf(all, linted, List.of("/t/a.json")));
        assertEquals("config error: no such rule", findingsOf(all, linted, List.of("/t/b.json")));
        assertEquals("", findingsOf("", linted, List.of("/t/a.json")));
    }

    private static List<String> templateYaml() {
        return List.of(ContractsAgreeTest.ROOT.resolve("template.yaml").toString());
    }

    private static List<String> stage(String stage) {
        return paths(CloudAssembly.templates(stage));
    }

    private static List<String> restored(String stage) {
        return paths(
                CloudAssembly.templates(CloudAssembly.of(stage, "restored", SwitchStackTest.restoredContext(stage))));
    }

    private static List<String> paths(Map<String, Path> templates) {
        return templates.values().stream().map(Path::toString).toList();
    }

    private static List<String> everyFile;
    private static String everyFinding;

    /**
     * The findings for {@code files}, from one cfn-lint run over every template these tests lint: most of a run is
     * cfn-lint starting and loading its rules (about 6 s of CPU per run here), so five runs of one or two templates
     * each cost four starts more than one run of all of them.
     */
    private static synchronized String findings(List<String> files) throws IOException, InterruptedException {
        if (everyFinding == null) {
            List<String> all = new ArrayList<>(templateYaml());
            for (String each : List.of("dev", "prod")) {
                all.addAll(stage(each));
                all.addAll(restored(each));
            }
            everyFinding = lint(all);
            everyFile = all;
        }
        return findingsOf(everyFinding, everyFile, files);
    }

    /**
     * The lines of cfn-lint's parseable output ({@code file:line:…}) over {@code linted} that name one of
     * {@code files}, and those that name none of the linted files.
     */
    static String findingsOf(String output, List<String> linted, List<String> files) {
        return output.lines()
                .filter(line -> files.stream().anyMatch(file -> line.startsWith(file + ":"))
                        || linted.stream().noneMatch(file -> line.startsWith(file + ":")))
                .collect(java.util.stream.Collectors.joining("\n"));
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
        Files.delete(output.toPath());
        System.out.println("[cfn-lint] exit " + process.exitValue() + " over " + files.size() + " file(s)"
                + (findings.isEmpty() ? "" : ":\n" + findings));
        return findings;
    }
}
