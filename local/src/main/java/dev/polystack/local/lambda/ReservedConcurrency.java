package dev.polystack.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.app.SaleSizing;
import dev.polystack.local.StartupException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The {@code ReservedConcurrentExecutions} of each function of a SAM template (a function's own, or
 * {@code Globals.Function}'s): the most invocations of that function in flight at once, beyond which
 * Lambda throttles with {@code TooManyRequestsException} (reason
 * {@code ReservedFunctionConcurrentInvocationLimitExceeded}); 0 throttles every invocation.
 * See https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
 */
public record ReservedConcurrency(Map<String, Integer> byFunction) {
    private static final String PROPERTY = "ReservedConcurrentExecutions";
    private static final String NO_VALUE = "AWS::NoValue";

    public ReservedConcurrency {
        byFunction = Map.copyOf(byFunction);
    }

    /**
     * Keyed as {@link SamTemplate} names functions: the logical id without its {@code Function} suffix. The local stack
     * mirrors the stage sized for a sale (prod, {@link SaleSizing#SAM_CONDITION} holds), so that the flash-sale
     * benchmark and the tests see the caps a sale runs with.
     */
    public static ReservedConcurrency of(SamTemplate template) {
        return of(template, Set.of(SaleSizing.SAM_CONDITION));
    }

    /**
     * As {@link #of(SamTemplate)}, where a value may be a whole number or {@code !If [Condition, number, !Ref
     * AWS::NoValue]} (the generated form, reserved in one stage only): the number when {@code conditionsThatHold}
     * names the condition, else no reservation.
     */
    public static ReservedConcurrency of(SamTemplate template, Set<String> conditionsThatHold) {
        JsonNode root;
        try {
            root = SamTemplate.tree(template.file());
        } catch (IOException e) {
            throw new StartupException("cannot read " + template.file() + ": " + e.getMessage(), e);
        }
        JsonNode global = root.path("Globals").path("Function").path(PROPERTY);
        Map<String, Integer> reserved = new LinkedHashMap<>();
        root.path("Resources").fields().forEachRemaining(resource -> {
            String logicalId = resource.getKey();
            String name = logicalId.endsWith("Function")
                    ? logicalId.substring(0, logicalId.length() - "Function".length())
                    : logicalId;
            if (!template.functions().containsKey(name)) {
                return;
            }
            JsonNode own = resource.getValue().path("Properties").path(PROPERTY);
            JsonNode value = own.isMissingNode() || own.isNull() ? global : own;
            if (value.isMissingNode() || value.isNull()) {
                return;
            }
            String problem = template.file().getFileName() + ": " + logicalId + "'s " + PROPERTY
                    + " must be a whole number or !If [Condition, number, !Ref AWS::NoValue], not " + value;
            // YAML's custom tags are dropped on reading: !If [C, n, !Ref AWS::NoValue] reads as [C, n, AWS::NoValue].
            if (value.isArray()) {
                if (value.size() != 3 || !NO_VALUE.equals(value.get(2).asText())) {
                    throw new StartupException(problem);
                }
                if (!conditionsThatHold.contains(value.get(0).asText())) {
                    return;
                }
                value = value.get(1);
            }
            if (!value.isValueNode() || !value.asText().matches("\\d+")) {
                throw new StartupException(problem);
            }
            reserved.put(name, Integer.parseInt(value.asText()));
        });
        return new ReservedConcurrency(reserved);
    }

    public OptionalInt of(String function) {
        Integer value = byFunction.get(function);
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }
}
