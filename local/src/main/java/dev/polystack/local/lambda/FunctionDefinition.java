package dev.polystack.local.lambda;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One function as {@code template.yaml} declares it (after {@code Globals}): what the Lambda service
 * needs to create it, and the event sources that invoke it.
 *
 * @param name        the logical id without its {@code Function} suffix ({@code PlaceOrder})
 * @param handler     the handler string the runtime loads
 * @param code        the deployment artifact ({@code CodeUri}, resolved against the template's folder)
 * @param memoryMb    {@code MemorySize}; the heap limit is derived from it as Lambda does
 * @param timeout     {@code Timeout}
 * @param environment the declared variables: name to the template's text (a literal, or what a
 *                    {@code !Ref}/{@code !Sub} names; the local stack supplies its own value for those)
 * @param triggers    the {@code Events}
 */
public record FunctionDefinition(
        String name,
        String handler,
        Path code,
        int memoryMb,
        Duration timeout,
        Map<String, String> environment,
        List<Trigger> triggers) {

    public FunctionDefinition {
        environment = Map.copyOf(environment);
        triggers = List.copyOf(triggers);
    }

    /** Whether an HTTP API route invokes it (the functions behind the API, as against the authorizer, schedules, S3). */
    public boolean hasHttpRoute() {
        return triggers.stream().anyMatch(t -> t instanceof HttpRoute);
    }

    /** An event source of a function. */
    public sealed interface Trigger {}

    /** An HTTP API route; no method and path is the {@code $default} route. */
    public record HttpRoute(String method, String path, boolean authorized) implements Trigger {}

    /** S3 notifications of new objects in a bucket whose key starts with {@code prefix} (empty: every key). */
    public record ObjectCreated(String bucket, String prefix) implements Trigger {
        public ObjectCreated {
            prefix = prefix == null ? "" : prefix;
        }

        public boolean matches(String key) {
            return key.startsWith(prefix);
        }
    }

    /** An EventBridge schedule ({@code rate(…)} or {@code cron(…)}). */
    public record Schedule(String expression) implements Trigger {
        /** The period of a {@code rate(n unit)} expression. */
        public Duration period() {
            String body = expression.replaceFirst("^rate\\((.*)\\)$", "$1").trim();
            String[] parts = body.split("\\s+");
            if (parts.length != 2 || body.equals(expression)) {
                throw new IllegalArgumentException("only rate(…) schedules run locally, not " + expression);
            }
            long amount = Long.parseLong(parts[0]);
            return switch (parts[1].replaceFirst("s$", "")) {
                case "minute" -> Duration.ofMinutes(amount);
                case "hour" -> Duration.ofHours(amount);
                case "day" -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException("unknown rate unit in " + expression);
            };
        }
    }
}
