package dev.polystack.shared.lambda;

import dev.polystack.shared.DomainException;
import dev.polystack.shared.InvocationLine;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A function only operators invoke: no route and no trigger reach it, so only a caller with AWS
 * credentials can ({@code aws lambda invoke}, {@code local/invoke}). Any JSON object in, a JSON object
 * out: maps, because the runtime's serialization reads and writes beans, not records. A refusal (bad
 * input, unknown subject) is an answer, {@code {"error":{"code":…,"message":…}}}, logged with its code;
 * anything else fails the invocation.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public abstract class OperatorFunction extends LambdaFunction<Map, Map> {

    protected OperatorFunction() {
        super("operator", Map.class, Map.class);
    }

    /** An empty request, read before a SnapStart snapshot; processed only where {@link #processesPrimingEvent()} says it only reads. */
    @Override
    protected final String primingEvent() {
        return "{}";
    }

    /** The use case: the request's fields in, the answer out; its figures go on the line. */
    protected abstract Map<String, Object> run(Map<String, Object> request, InvocationLine line);

    @Override
    protected final Map process(Map request, InvocationLine line) {
        try {
            return run(request, line);
        } catch (DomainException refused) {
            line.with("status", "refused").with("errorCode", refused.code());
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", refused.code());
            error.put("message", refused.getMessage());
            return Map.of("error", error);
        }
    }

    /** A required text field of the request: MISSING_FIELD when absent, INVALID_FIELD_TYPE when not text. */
    protected static String text(Map<String, Object> request, String name) {
        Object value = request.get(name);
        if (value == null) {
            throw DomainException.missingField(name + " is required");
        }
        if (!(value instanceof String text)) {
            throw DomainException.invalid("INVALID_FIELD_TYPE", "wrong type at '" + name + "'");
        }
        return text;
    }
}
