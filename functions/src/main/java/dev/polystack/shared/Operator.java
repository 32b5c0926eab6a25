package dev.polystack.shared;

/**
 * Someone with AWS credentials who invoked an operator function (no HTTP route reaches one). The name
 * is what the operator says it is; the Lambda request id on the same log line joins it to CloudTrail's
 * record of the invocation, which names the AWS principal.
 */
public record Operator(String name) implements Actor {
    public static final int MAX_NAME = 100;

    public Operator {
        if (name == null || name.isBlank()) {
            throw DomainException.missingField("operator is required: who makes this change");
        }
        name = name.strip();
        if (name.length() > MAX_NAME || name.codePoints().anyMatch(Character::isISOControl)) {
            throw AccessErrors.invalidOperator(MAX_NAME);
        }
    }

    @Override
    public String describe() {
        return "operator:" + name;
    }
}
