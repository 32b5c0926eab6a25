package dev.polystack.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * template.yaml as CloudFormation reads it: the short-form tags ({@code !Ref}, {@code !GetAtt},
 * {@code !Sub}, …) become their JSON form, and {@link #dependencies} is the graph CloudFormation
 * orders resources by, after SAM's transform adds its implicit edges.
 */
final class TemplateGraph {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

    private TemplateGraph() {}

    static JsonNode parse(String yaml) {
        Object tree = new Yaml(new CloudFormationTags()).load(yaml);
        return new ObjectMapper().valueToTree(tree);
    }

    /**
     * For every resource, the resources it needs to exist first: those its properties name (Ref,
     * Fn::GetAtt, Fn::Sub variables, SAM's {@code Function.Alias}/{@code .Version}), its DependsOn,
     * the Globals every function inherits, and SAM's implicit edges: a bucket with a function's S3
     * event depends on that function (the notification names it, and waits for its permission), an
     * HTTP API on every function routed from it.
     */
    static Map<String, Set<String>> dependencies(JsonNode template) {
        JsonNode resources = template.get("Resources");
        Set<String> names = new LinkedHashSet<>();
        resources.fieldNames().forEachRemaining(names::add);
        Map<String, Set<String>> edges = new LinkedHashMap<>();
        names.forEach(name -> edges.put(name, new LinkedHashSet<>()));
        JsonNode functionGlobals = template.path("Globals").path("Function");
        resources.fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            JsonNode resource = entry.getValue();
            JsonNode dependsOn = resource.path("DependsOn");
            (dependsOn.isArray() ? dependsOn : List.of(dependsOn)).forEach(d -> {
                if (d.isTextual()) {
                    edges.get(name).add(d.asText());
                }
            });
            boolean function =
                    "AWS::Serverless::Function".equals(resource.path("Type").asText());
            resource.path("Properties").fields().forEachRemaining(property -> {
                if (!(function && property.getKey().equals("Events"))) {
                    collect(property.getValue(), names, edges.get(name));
                }
            });
            if (function) {
                collect(functionGlobals, names, edges.get(name));
                resource.path("Properties").path("Events").forEach(event -> {
                    Set<String> source = new LinkedHashSet<>();
                    switch (event.path("Type").asText()) {
                        case "S3" -> collect(event.path("Properties").path("Bucket"), names, source);
                        case "HttpApi" -> collect(event.path("Properties").path("ApiId"), names, source);
                        default -> collect(event.path("Properties"), names, edges.get(name));
                    }
                    source.forEach(s -> edges.get(s).add(name));
                });
            }
        });
        return edges;
    }

    /** A dependency cycle, as the list of resources around it (first = last), if there is one. */
    static Optional<List<String>> cycle(Map<String, Set<String>> edges) {
        Map<String, Integer> state = new HashMap<>();
        for (String start : edges.keySet()) {
            List<String> path = new ArrayList<>();
            Optional<List<String>> found = visit(start, edges, state, path);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> visit(
            String node, Map<String, Set<String>> edges, Map<String, Integer> state, List<String> path) {
        int seen = state.getOrDefault(node, 0);
        if (seen == 2) {
            return Optional.empty();
        }
        if (seen == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return Optional.of(cycle);
        }
        state.put(node, 1);
        path.add(node);
        for (String next : edges.getOrDefault(node, Set.of())) {
            Optional<List<String>> found = visit(next, edges, state, path);
            if (found.isPresent()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return Optional.empty();
    }

    private static void collect(JsonNode node, Set<String> names, Set<String> into) {
        if (node.isObject()) {
            if (node.size() == 1 && node.has("Ref")) {
                addIfResource(node.get("Ref").asText(), names, into);
            } else if (node.size() == 1 && node.has("Fn::GetAtt")) {
                JsonNode target = node.get("Fn::GetAtt");
                addIfResource(target.isArray() ? target.get(0).asText() : target.asText(), names, into);
            } else if (node.size() == 1 && node.has("Fn::Sub")) {
                JsonNode sub = node.get("Fn::Sub");
                String text = sub.isArray() ? sub.get(0).asText() : sub.asText();
                Set<String> local = new LinkedHashSet<>();
                if (sub.isArray() && sub.size() > 1) {
                    sub.get(1).fieldNames().forEachRemaining(local::add);
                    collect(sub.get(1), names, into);
                }
                Matcher variable = SUB_VARIABLE.matcher(text);
                while (variable.find()) {
                    if (!local.contains(variable.group(1))) {
                        addIfResource(variable.group(1), names, into);
                    }
                }
            } else {
                node.forEach(child -> collect(child, names, into));
            }
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, names, into));
        }
    }

    /** {@code X}, {@code X.Arn}, or SAM's {@code X.Alias} / {@code X.Version}: the resource X. */
    private static void addIfResource(String reference, Set<String> names, Set<String> into) {
        String name = reference.contains(".") ? reference.substring(0, reference.indexOf('.')) : reference;
        if (names.contains(name)) {
            into.add(name);
        }
    }

    /** Turns {@code !Ref X} into {@code {"Ref": "X"}}, {@code !GetAtt X.Arn} into {@code {"Fn::GetAtt": ["X", "Arn"]}}, and so on. */
    private static final class CloudFormationTags extends SafeConstructor {
        CloudFormationTags() {
            super(new LoaderOptions());
            yamlConstructors.put(new Tag("!Ref"), intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), intrinsic("Condition"));
            yamlConstructors.put(new Tag("!GetAtt"), new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    if (node instanceof ScalarNode scalar) {
                        String[] parts = constructScalar(scalar).split("\\.", 2);
                        return Map.of("Fn::GetAtt", List.of(parts));
                    }
                    return Map.of("Fn::GetAtt", constructSequence((SequenceNode) node));
                }
            });
            for (String function : List.of(
                    "Sub",
                    "Join",
                    "If",
                    "Select",
                    "Split",
                    "Equals",
                    "Not",
                    "And",
                    "Or",
                    "FindInMap",
                    "Base64",
                    "Cidr",
                    "ImportValue",
                    "GetAZs",
                    "Transform")) {
                yamlConstructors.put(new Tag("!" + function), intrinsic("Fn::" + function));
            }
        }

        private AbstractConstruct intrinsic(String key) {
            return new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = constructScalar(scalar);
                    } else if (node instanceof SequenceNode sequence) {
                        value = constructSequence(sequence);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    return Map.of(key, value);
                }
            };
        }
    }
}
