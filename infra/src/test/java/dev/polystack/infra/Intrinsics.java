package dev.polystack.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few CloudFormation intrinsic functions the tests resolve ({@code Ref}, {@code Fn::Sub},
 * {@code Fn::Select}, {@code Fn::Split}, and {@code Fn::If} over the template's conditions), with given
 * parameter values as CloudFormation would; anything else is refused, so a test never compares two
 * unresolved texts.
 */
final class Intrinsics {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

    private Intrinsics() {}

    /** The text {@code node} stands for; an absent node (a property not set) is the empty text. */
    static String resolve(JsonNode node, Map<String, String> parameters) {
        return resolve(node, parameters, com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    }

    /** The same, with the template's {@code Conditions} for {@code Fn::If}. */
    static String resolve(JsonNode node, Map<String, String> parameters, JsonNode conditions) {
        if (node == null || node.isMissingNode()) {
            return "";
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.has("Ref")) {
            return lookup(node.get("Ref").asText(), parameters);
        }
        if (node.has("Fn::Sub")) {
            JsonNode sub = node.get("Fn::Sub");
            String text = sub.isArray() ? sub.get(0).asText() : sub.asText();
            JsonNode variables = sub.isArray() ? sub.get(1) : null;
            Matcher m = SUB_VARIABLE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                String value = variables != null && variables.has(name)
                        ? resolve(variables.get(name), parameters, conditions)
                        : lookup(name, parameters);
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            return m.appendTail(out).toString();
        }
        if (node.has("Fn::Select")) {
            JsonNode select = node.get("Fn::Select");
            List<String> list = list(select.get(1), parameters, conditions);
            return list.get(select.get(0).asInt());
        }
        if (node.has("Fn::If")) {
            JsonNode branches = node.get("Fn::If");
            return resolve(
                    branches.get(holds(branches.get(0).asText(), parameters, conditions) ? 1 : 2),
                    parameters,
                    conditions);
        }
        throw new IllegalArgumentException("not resolved here: " + node);
    }

    private static boolean holds(String condition, Map<String, String> parameters, JsonNode conditions) {
        JsonNode definition = conditions.get(condition);
        if (definition == null) {
            throw new IllegalArgumentException("no condition " + condition);
        }
        return test(definition, parameters, conditions);
    }

    private static boolean test(JsonNode node, Map<String, String> parameters, JsonNode conditions) {
        if (node.has("Condition")) {
            return holds(node.get("Condition").asText(), parameters, conditions);
        }
        if (node.has("Fn::Not")) {
            return !test(node.get("Fn::Not").get(0), parameters, conditions);
        }
        if (node.has("Fn::Equals")) {
            JsonNode sides = node.get("Fn::Equals");
            return resolve(sides.get(0), parameters, conditions).equals(resolve(sides.get(1), parameters, conditions));
        }
        throw new IllegalArgumentException("condition not evaluated here: " + node);
    }

    private static List<String> list(JsonNode node, Map<String, String> parameters, JsonNode conditions) {
        if (node.has("Fn::Split")) {
            JsonNode split = node.get("Fn::Split");
            String text = resolve(split.get(1), parameters, conditions);
            return List.of(text.split(Pattern.quote(split.get(0).asText()), -1));
        }
        List<String> values = new ArrayList<>();
        node.forEach(each -> values.add(resolve(each, parameters, conditions)));
        return values;
    }

    private static String lookup(String name, Map<String, String> parameters) {
        String value = parameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no value for " + name);
        }
        return value;
    }

    /** The template parameters {@code node} names, by {@code Ref} or inside an {@code Fn::Sub}. */
    static void parametersIn(JsonNode node, Set<String> parameters, Set<String> into) {
        if (node.isObject()) {
            if (node.has("Ref") && parameters.contains(node.get("Ref").asText())) {
                into.add(node.get("Ref").asText());
            }
            if (node.has("Fn::Sub")) {
                JsonNode sub = node.get("Fn::Sub");
                Matcher m = SUB_VARIABLE.matcher(sub.isArray() ? sub.get(0).asText() : sub.asText());
                while (m.find()) {
                    if (parameters.contains(m.group(1))) {
                        into.add(m.group(1));
                    }
                }
            }
            node.elements().forEachRemaining(child -> parametersIn(child, parameters, into));
        } else if (node.isArray()) {
            node.forEach(child -> parametersIn(child, parameters, into));
        }
    }
}
