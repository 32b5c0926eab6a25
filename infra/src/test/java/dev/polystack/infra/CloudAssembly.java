package dev.polystack.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The app synthesised as {@code cdk synth} runs it (cdk.json's {@code app} command): {@link InfraApp#main}
 * in its own JVM with {@code CDK_OUTDIR} and {@code CDK_CONTEXT_JSON} (cdk.json's context and the stage),
 * writing a cloud assembly: one template file per stack, nested stacks included. Once per stage per test JVM.
 */
final class CloudAssembly {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Path> SYNTHESISED = new ConcurrentHashMap<>();

    private CloudAssembly() {}

    /** The folder of the stage's assembly. */
    static synchronized Path of(String stage) {
        return SYNTHESISED.computeIfAbsent(stage, CloudAssembly::synth);
    }

    /** Every template of the stage's assembly (the stacks and their nested stacks), by file name. */
    static Map<String, Path> templates(String stage) {
        try (Stream<Path> files = Files.list(of(stage))) {
            Map<String, Path> found = new TreeMap<>();
            files.filter(f -> f.getFileName().toString().endsWith(".template.json"))
                    .forEach(f -> found.put(f.getFileName().toString(), f));
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path synth(String stage) {
        Path out = Path.of("target", "cdk.out", stage).toAbsolutePath();
        try {
            deleteTree(out);
            Files.createDirectories(out);
            ObjectNode context = (ObjectNode)
                    JSON.readTree(ContractsAgreeTest.ROOT.resolve("cdk.json").toFile())
                            .get("context")
                            .deepCopy();
            context.put("stage", stage);
            ProcessBuilder process = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            InfraApp.class.getName())
                    .directory(ContractsAgreeTest.ROOT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.resolveSibling(stage + ".synth.log").toFile());
            process.environment().put("CDK_OUTDIR", out.toString());
            process.environment().put("CDK_CONTEXT_JSON", JSON.writeValueAsString(context));
            Process running = process.start();
            if (!running.waitFor(15, TimeUnit.MINUTES) || running.exitValue() != 0) {
                running.destroyForcibly();
                throw new IllegalStateException("cdk synth of " + stage + " failed: "
                        + Files.readString(out.resolveSibling(stage + ".synth.log")));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(Path template) {
        try {
            return JSON.readTree(template.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** template.yaml after SAM's transform, by the SAM translator that ships with cfn-lint (infra/src/test/python/sam_translate.py). */
    static JsonNode samExpanded(String... parameters) {
        return samExpanded(ContractsAgreeTest.ROOT.resolve("template.yaml"), parameters);
    }

    /** A SAM template after SAM's transform, with parameter overrides ({@code Name=Value}). */
    static JsonNode samExpanded(Path template, String... parameters) {
        Path script = ContractsAgreeTest.ROOT.resolve("infra/src/test/python/sam_translate.py");
        try {
            List<String> command =
                    new java.util.ArrayList<>(List.of("python3", script.toString(), template.toString()));
            command.addAll(List.of(parameters));
            File output = File.createTempFile("sam-expanded", ".json");
            File errors = File.createTempFile("sam-expanded", ".err");
            Process process = new ProcessBuilder(command)
                    .redirectOutput(output)
                    .redirectError(errors)
                    .start();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("SAM's transform failed: " + Files.readString(errors.toPath()));
            }
            return JSON.readTree(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code python3 -c 'import samtranslator, cfnlint'} works here. */
    static boolean samTranslatorPresent() {
        return succeeds("python3", "-c", "import samtranslator, cfnlint");
    }

    static boolean succeeds(String... command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(2, TimeUnit.MINUTES) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
