package dev.polystack.local.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.local.StartupException;
import dev.polystack.local.lambda.SamTemplate;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Invoke names a function (API_Invoke's {@code FunctionName}): its name ({@code GrantRole}, the
 * {@code polystack-local-GrantRole} the runtime gives it, the deployed {@code <stack>-GrantRole}, or the
 * template's logical id), its ARN
 * ({@code arn:aws:lambda:us-east-1:000000000000:function:GrantRole}) or partial ARN
 * ({@code 000000000000:function:GrantRole}), each optionally with a qualifier: {@code $LATEST} or the
 * template's {@code AutoPublishAlias} ({@code live}), in the name or as {@code ?Qualifier=}.
 */
final class FunctionNames {
    static final String RUNTIME_PREFIX = "polystack-local-";
    private static final Pattern ARN =
            Pattern.compile("^(?:arn:aws[a-z-]*:lambda:[a-z0-9-]+:)?(?:\\d{12}:function:)?([^:]+)(?::([^:]+))?$");

    private final SamTemplate template;
    private final Set<String> aliases;

    FunctionNames(SamTemplate template) {
        this.template = template;
        this.aliases = aliases(template);
    }

    /** The template's function name; {@link LambdaInvokeApi.ApiError} 404 for any other. */
    String resolve(String functionName, String queryQualifier) {
        Matcher parts = ARN.matcher(functionName);
        if (!parts.matches()) {
            throw LambdaInvokeApi.ApiError.notFound(arn(functionName, queryQualifier));
        }
        String name = parts.group(1);
        String qualifier = parts.group(2);
        if (qualifier != null && queryQualifier != null && !qualifier.equals(queryQualifier)) {
            throw new LambdaInvokeApi.ApiError(
                    400,
                    "InvalidParameterValueException",
                    "message",
                    "The derived qualifier from the function name does not match the specified qualifier.");
        }
        qualifier = qualifier == null ? queryQualifier : qualifier;
        String function = name.startsWith(RUNTIME_PREFIX) ? name.substring(RUNTIME_PREFIX.length()) : name;
        if (!template.functions().containsKey(function) && function.endsWith("Function")) {
            function = function.substring(0, function.length() - "Function".length());
        }
        if (!template.functions().containsKey(function) && function.contains("-")) {
            // the deployed name, FunctionName: !Sub '${AWS::StackName}-GrantRole'
            function = function.substring(function.lastIndexOf('-') + 1);
        }
        if (!template.functions().containsKey(function)
                || !(qualifier == null || "$LATEST".equals(qualifier) || aliases.contains(qualifier))) {
            throw LambdaInvokeApi.ApiError.notFound(arn(name, qualifier));
        }
        return function;
    }

    static String arn(String name, String qualifier) {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + name + (qualifier == null ? "" : ":" + qualifier);
    }

    /** Every {@code AutoPublishAlias} of the template, the global one and any function's own. */
    private static Set<String> aliases(SamTemplate template) {
        JsonNode root;
        try {
            root = SamTemplate.tree(template.file());
        } catch (IOException e) {
            throw new StartupException("cannot read " + template.file() + ": " + e.getMessage(), e);
        }
        Set<String> aliases = new HashSet<>();
        JsonNode global = root.path("Globals").path("Function").path("AutoPublishAlias");
        if (global.isTextual()) {
            aliases.add(global.asText());
        }
        root.path("Resources").elements().forEachRemaining(resource -> {
            JsonNode own = resource.path("Properties").path("AutoPublishAlias");
            if (own.isTextual()) {
                aliases.add(own.asText());
            }
        });
        return aliases;
    }
}
