package dev.polystack.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.polystack.local.StartupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The functions of a SAM template ({@code template.yaml}, the file {@code sam deploy} uses), read the
 * way SAM reads them: {@code Globals.Function} first, each function's properties over it. The local
 * Lambda runtime creates every function from here, so a wrong handler string, a forgotten variable or
 * a missing event source fails locally as it would on AWS.
 *
 * <p>Intrinsic functions ({@code !Ref}, {@code !Sub}, {@code !GetAtt}) are not evaluated: a variable's
 * value is the text of the template, and the local stack supplies its own value for every name it
 * knows (table, bucket, cluster…).
 */
public final class SamTemplate {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String FUNCTION_TYPE = "AWS::Serverless::Function";

    private final Path file;
    private final Map<String, FunctionDefinition> functions;
    private final String authorizer;

    private SamTemplate(Path file, Map<String, FunctionDefinition> functions, String authorizer) {
        this.file = file;
        this.functions = functions;
        this.authorizer = authorizer;
    }

    /**
     * The template file as a tree, parsed once per content: every stack start reads the 145 KB file four times
     * (functions, Invoke API names, route throttles, reserved concurrency), and a test JVM starts about fifteen stacks.
     * One parse is kept per file (its absolute path), with the size and modification time it was read at, so an
     * edited file is read again and replaces it (SamTemplateTreeTest); each caller gets its own copy to change as it
     * likes.
     */
    public static JsonNode tree(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        java.nio.file.attribute.BasicFileAttributes attributes =
                java.nio.file.Files.readAttributes(absolute, java.nio.file.attribute.BasicFileAttributes.class);
        String version =
                attributes.size() + "|" + attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        Parsed parsed = PARSED.get(absolute);
        if (parsed == null || !parsed.version().equals(version)) {
            JsonNode root = YAML.readTree(absolute.toFile());
            if (root == null) {
                return null;
            }
            parsed = new Parsed(version, root);
            PARSED.put(absolute, parsed);
        }
        return parsed.root().deepCopy();
    }

    private record Parsed(String version, JsonNode root) {}

    private static final Map<Path, Parsed> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    public static SamTemplate read(Path file) {
        JsonNode root;
        try {
            root = tree(file);
        } catch (IOException e) {
            throw new StartupException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.path("Resources").isObject()) {
            throw new StartupException(file + " has no Resources");
        }
        JsonNode globals = root.path("Globals").path("Function");
        Map<String, List<FunctionDefinition.Trigger>> notified = notifications(root);
        Map<String, FunctionDefinition> functions = new LinkedHashMap<>();
        root.path("Resources").fields().forEachRemaining(resource -> {
            if (FUNCTION_TYPE.equals(resource.getValue().path("Type").asText())) {
                FunctionDefinition function = function(
                        file,
                        resource.getKey(),
                        globals,
                        resource.getValue().path("Properties"),
                        notified.getOrDefault(resource.getKey(), List.of()));
                functions.put(function.name(), function);
            }
        });
        return new SamTemplate(file, functions, authorizerFunction(root));
    }

    /** The template next to the project's {@code pom.xml}, found from the working directory upwards. */
    public static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("template.yaml"))
                    && Files.isDirectory(candidate.resolve("functions"))) {
                return candidate.resolve("template.yaml");
            }
        }
        throw new StartupException("no template.yaml in " + dir + " or above: run from the project's folder");
    }

    public Path file() {
        return file;
    }

    public Map<String, FunctionDefinition> functions() {
        return functions;
    }

    public FunctionDefinition function(String name) {
        FunctionDefinition function = functions.get(name);
        if (function == null) {
            throw new IllegalArgumentException("no function " + name + " in " + file + " (functions: "
                    + String.join(", ", functions.keySet()) + ")");
        }
        return function;
    }

    /** The function of the HTTP API's Lambda authorizer, if it has one. */
    public Optional<String> authorizer() {
        return Optional.ofNullable(authorizer);
    }

    /** The functions with a trigger of this kind, in template order. */
    public <T extends FunctionDefinition.Trigger> List<Map.Entry<FunctionDefinition, T>> triggers(Class<T> kind) {
        List<Map.Entry<FunctionDefinition, T>> found = new ArrayList<>();
        for (FunctionDefinition function : functions.values()) {
            for (FunctionDefinition.Trigger trigger : function.triggers()) {
                if (kind.isInstance(trigger)) {
                    found.add(Map.entry(function, kind.cast(trigger)));
                }
            }
        }
        return found;
    }

    /**
     * Each bucket's {@code NotificationConfiguration.LambdaConfigurations} of object creation, by the function
     * they name ({@code !Ref UploadCompletedFunction.Alias} → {@code UploadCompletedFunction}): the way the
     * template lets S3 invoke a function while naming the one bucket that may.
     */
    private static Map<String, List<FunctionDefinition.Trigger>> notifications(JsonNode root) {
        Map<String, List<FunctionDefinition.Trigger>> notified = new LinkedHashMap<>();
        root.path("Resources").fields().forEachRemaining(resource -> {
            if (!"AWS::S3::Bucket".equals(resource.getValue().path("Type").asText())) {
                return;
            }
            for (JsonNode lambda : resource.getValue()
                    .path("Properties")
                    .path("NotificationConfiguration")
                    .path("LambdaConfigurations")) {
                if (!lambda.path("Event").asText().startsWith("s3:ObjectCreated:")) {
                    continue;
                }
                String function = lambda.path("Function").asText().split("[.:]")[0];
                notified.computeIfAbsent(function, f -> new ArrayList<>())
                        .add(new FunctionDefinition.ObjectCreated(resource.getKey(), keyPrefix(lambda)));
            }
        });
        return notified;
    }

    private static FunctionDefinition function(
            Path file,
            String logicalId,
            JsonNode globals,
            JsonNode properties,
            List<FunctionDefinition.Trigger> notifications) {
        String name = logicalId.endsWith("Function")
                ? logicalId.substring(0, logicalId.length() - "Function".length())
                : logicalId;
        String handler = text(properties, globals, "Handler")
                .orElseThrow(() -> new StartupException(file.getFileName() + ": " + logicalId + " has no Handler"));
        Path code = file.toAbsolutePath()
                .getParent()
                .resolve(text(properties, globals, "CodeUri")
                        .orElseThrow(
                                () -> new StartupException(file.getFileName() + ": " + logicalId + " has no CodeUri")));
        int memory =
                text(properties, globals, "MemorySize").map(Integer::parseInt).orElse(128);
        Duration timeout = Duration.ofSeconds(
                text(properties, globals, "Timeout").map(Long::parseLong).orElse(3L));
        Map<String, String> environment = new LinkedHashMap<>();
        globals.path("Environment")
                .path("Variables")
                .fields()
                .forEachRemaining(v -> environment.put(v.getKey(), v.getValue().asText()));
        properties
                .path("Environment")
                .path("Variables")
                .fields()
                .forEachRemaining(v -> environment.put(v.getKey(), v.getValue().asText()));
        List<FunctionDefinition.Trigger> triggers = new ArrayList<>(notifications);
        properties.path("Events").fields().forEachRemaining(event -> {
            JsonNode eventProperties = event.getValue().path("Properties");
            switch (event.getValue().path("Type").asText()) {
                case "HttpApi" ->
                    triggers.add(new FunctionDefinition.HttpRoute(
                            eventProperties.path("Method").asText("ANY").toUpperCase(Locale.ROOT),
                            eventProperties.path("Path").asText("$default"),
                            eventProperties.path("Auth").path("Authorizer").isTextual()
                                    && !"NONE"
                                            .equals(eventProperties
                                                    .path("Auth")
                                                    .path("Authorizer")
                                                    .asText())));
                case "S3" ->
                    triggers.add(new FunctionDefinition.ObjectCreated(
                            eventProperties.path("Bucket").asText(), keyPrefix(eventProperties)));
                case "Schedule" ->
                    triggers.add(new FunctionDefinition.Schedule(
                            eventProperties.path("Schedule").asText()));
                default -> {
                    // other event sources do not run locally
                }
            }
        });
        return new FunctionDefinition(name, handler, code, memory, timeout, environment, triggers);
    }

    /** The {@code prefix} rule of an S3 event's (or a bucket notification's) key filter, as S3 applies it; empty without one. */
    private static String keyPrefix(JsonNode eventProperties) {
        for (JsonNode rule : eventProperties.path("Filter").path("S3Key").path("Rules")) {
            if ("prefix".equalsIgnoreCase(rule.path("Name").asText())) {
                return rule.path("Value").asText();
            }
        }
        return "";
    }

    private static Optional<String> text(JsonNode properties, JsonNode globals, String field) {
        JsonNode value = properties.has(field) ? properties.get(field) : globals.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    /** {@code FunctionArn: !GetAtt AuthorizerFunction.Arn} (or the alias of it) names the authorizer's function. */
    private static String authorizerFunction(JsonNode root) {
        for (var resources = root.path("Resources").elements(); resources.hasNext(); ) {
            JsonNode authorizers =
                    resources.next().path("Properties").path("Auth").path("Authorizers");
            for (var each = authorizers.elements(); each.hasNext(); ) {
                String arn = each.next().path("FunctionArn").asText("");
                String logicalId = arn.replaceFirst("^\\$\\{?", "").split("[.:}]")[0];
                if (!logicalId.isEmpty()) {
                    return logicalId.endsWith("Function")
                            ? logicalId.substring(0, logicalId.length() - "Function".length())
                            : logicalId;
                }
            }
        }
        return null;
    }
}
