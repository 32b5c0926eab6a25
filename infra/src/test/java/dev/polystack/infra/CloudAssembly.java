package dev.polystack.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * The app's cloud assembly: one template file per stack, nested stacks included, once per stage and
 * variant per test JVM. The {@code dev} stage is synthesised as {@code cdk synth} runs it (cdk.json's
 * {@code app} command): {@link InfraApp#main} in its own JVM with {@code CDK_OUTDIR} and
 * {@code CDK_CONTEXT_JSON} (cdk.json's context and the stage), so that path is proven. The other stages
 * are the assemblies of {@link PolystackStackTest}'s apps, and the variants are synthesised in this JVM by the
 * same {@link InfraApp#build} into an {@link App} given the same outdir and context ({@link #synthInProcess}):
 * a synth in its own JVM costs about 19 s of CPU, most of it starting jsii's Node.js runtime and loading the
 * construct library, against 3-4 s in a JVM where they already run (docs/testing-speed.md).
 */
final class CloudAssembly {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Path> SYNTHESISED = new ConcurrentHashMap<>();
    /** The one assembly synthesised in a JVM of its own, as cdk.json's app command runs. */
    static final String AS_CDK_RUNS_IT = "dev";

    private CloudAssembly() {}

    /** The folder of the stage's assembly. */
    static Path of(String stage) {
        return of(stage, "", Map.of());
    }

    /**
     * The folder of the stage's assembly with more context ({@code cdk synth -c key=value}); {@code variant} names
     * it (one synth per stage and variant per test JVM).
     */
    static synchronized Path of(String stage, String variant, Map<String, Object> context) {
        String name = variant.isEmpty() ? stage : stage + "-" + variant;
        return SYNTHESISED.computeIfAbsent(name, n -> {
            if (n.equals(AS_CDK_RUNS_IT)) {
                Synth result = synth(stage, n, context);
                if (result.exitCode() != 0) {
                    throw new IllegalStateException("cdk synth of " + n + " failed: " + result.log());
                }
                return result.folder();
            }
            // A stage as it is: the very app PolystackStackTest synthesised with its context in this JVM, not a
            // second synth of it (2-3 s of Node.js CPU).
            return variant.isEmpty()
                    ? PolystackStackTest.assembly(Map.of("stage", stage))
                    : synthInProcess(stage, n, context);
        });
    }

    /** What one synth left: its folder, its exit code and its log. */
    record Synth(Path folder, int exitCode, String log) {}

    /** Every template of the stage's assembly (the stacks and their nested stacks), by file name. */
    static Map<String, Path> templates(String stage) {
        return templates(of(stage));
    }

    /** Every template of an assembly folder, by file name. */
    static Map<String, Path> templates(Path assembly) {
        try (Stream<Path> files = Files.list(assembly)) {
            Map<String, Path> found = new TreeMap<>();
            files.filter(f -> f.getFileName().toString().endsWith(".template.json"))
                    .forEach(f -> found.put(f.getFileName().toString(), f));
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The app synthesised in this JVM into {@code target/cdk.out/<name>}, with cdk.json's context, the stage and {@code extra}. */
    static Path synthInProcess(String stage, String name, Map<String, Object> extra) {
        Path out = emptyFolder(name);
        App app = new App(AppProps.builder()
                .outdir(out.toString())
                .context(context(stage, extra))
                .build());
        InfraApp.build(app);
        app.synth();
        return out;
    }

    /** cdk.json's context (the feature flags `cdk deploy` passes to the app) with the stage and {@code extra}. */
    private static Map<String, Object> context(String stage, Map<String, Object> extra) {
        Map<String, Object> overrides = new java.util.HashMap<>(extra);
        overrides.put("stage", stage);
        return PolystackStackTest.cdkJsonContext(overrides);
    }

    /** {@code target/cdk.out/<name>}, emptied: where one synth writes its assembly. */
    private static Path emptyFolder(String name) {
        Path out = Path.of("target", "cdk.out", name).toAbsolutePath();
        try {
            deleteTree(out);
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The app synthesised in its own JVM, as {@code cdk synth -c stage=<stage>} with {@code extra} context. */
    private static Synth synth(String stage, String name, Map<String, Object> extra) {
        Path out = emptyFolder(name);
        try {
            ProcessBuilder process = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            InfraApp.class.getName())
                    .directory(ContractsAgreeTest.ROOT.toFile())
                    .redirectErrorStream(true);
            process.environment().put("CDK_OUTDIR", out.toString());
            process.environment().put("CDK_CONTEXT_JSON", JSON.writeValueAsString(context(stage, extra)));
            process.redirectOutput(out.resolveSibling(name + ".synth.log").toFile());
            Process running = process.start();
            if (!running.waitFor(15, TimeUnit.MINUTES)) {
                running.destroyForcibly();
                throw new IllegalStateException("cdk synth of " + name + " did not finish in 15 minutes");
            }
            return new Synth(out, running.exitValue(), Files.readString(out.resolveSibling(name + ".synth.log")));
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

    /**
     * A SAM template after SAM's transform, with parameter overrides ({@code Name=Value}). Each distinct
     * template (path, size and modification time) and parameters is transformed once per test JVM, by one Python
     * process that serves every transform ({@code sam_translate.py --serve}; its imports cost about 1 s of CPU);
     * every caller gets its own copy.
     */
    static JsonNode samExpanded(Path template, String... parameters) {
        String key;
        try {
            key = template.toAbsolutePath() + "|" + Files.size(template) + "|"
                    + Files.getLastModifiedTime(template).toMillis() + "|" + String.join("|", parameters);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SAM_EXPANDED
                .computeIfAbsent(key, k -> Translator.INSTANCE.transformed(template, parameters))
                .deepCopy();
    }

    private static final Map<String, JsonNode> SAM_EXPANDED = new ConcurrentHashMap<>();

    /** The SAM translator's process: started at the first transform, it ends when this JVM does (its input closes). */
    private static final class Translator {
        static final Translator INSTANCE = new Translator();

        private final Process process;
        private final java.io.BufferedWriter requests;
        private final java.io.BufferedReader answers;

        private Translator() {
            Path script = ContractsAgreeTest.ROOT.resolve("infra/src/test/python/sam_translate.py");
            try {
                process = new ProcessBuilder("python3", script.toString(), "--serve")
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            requests = new java.io.BufferedWriter(
                    new java.io.OutputStreamWriter(process.getOutputStream(), java.nio.charset.StandardCharsets.UTF_8));
            answers = new java.io.BufferedReader(
                    new java.io.InputStreamReader(process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        }

        synchronized JsonNode transformed(Path template, String... parameters) {
            try {
                var request = JSON.createObjectNode().put("template", template.toString());
                var overrides = request.putArray("parameters");
                for (String parameter : parameters) {
                    overrides.add(parameter);
                }
                requests.write(JSON.writeValueAsString(request));
                requests.newLine();
                requests.flush();
                String line = answers.readLine();
                if (line == null) {
                    throw new IllegalStateException("SAM's transform ended (exit " + process.waitFor() + ")");
                }
                JsonNode answer = JSON.readTree(line);
                if (answer.has("error")) {
                    throw new IllegalStateException(
                            "SAM's transform failed: " + answer.get("error").asText());
                }
                return answer.get("template");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Whether {@code python3 -c 'import samtranslator, cfnlint'} works here (asked once per test JVM). */
    static boolean samTranslatorPresent() {
        return SamTranslator.PRESENT;
    }

    private static final class SamTranslator {
        static final boolean PRESENT = succeeds("python3", "-c", "import samtranslator, cfnlint");
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
