package dev.polystack.recovery.handler;

import dev.polystack.app.AppContext;
import dev.polystack.recovery.RecoveryService;
import dev.polystack.shared.DomainException;
import dev.polystack.shared.InvocationLine;
import dev.polystack.shared.lambda.OperatorFunction;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recover to T, for operators only (no route): {@code aws lambda invoke} on the live alias, or
 * {@code local/invoke Recover -e events/recover.json}, after the stores were restored to T
 * (docs/recovery.md). The request: {@code recoveryId} (the operator's name for this recovery: the same
 * id resumes it after a crash or a timeout) and {@code restorePoint} (ISO-8601, e.g.
 * {@code 2026-12-02T17:00:00Z}), and optionally {@code skewSeconds} (default 300: entries and order
 * changes this long before T are applied too, for restore points and clocks a little apart). The answer lists each step, whether an earlier run had done it, how
 * long it took and what it did.
 */
public final class RecoverHandler extends OperatorFunction {
    private final RecoveryService recovery;

    public RecoverHandler() {
        this(AppContext.fromEnvironment().recovery());
    }

    public RecoverHandler(RecoveryService recovery) {
        this.recovery = recovery;
    }

    @Override
    protected Map<String, Object> run(Map<String, Object> request, InvocationLine line) {
        Instant restorePoint;
        try {
            restorePoint = Instant.parse(text(request, "restorePoint"));
        } catch (DateTimeParseException e) {
            throw DomainException.invalid(
                    "INVALID_RESTORE_POINT", "restorePoint is an ISO-8601 instant, e.g. 2026-12-02T17:00:00Z");
        }
        Duration skew = RecoveryService.DEFAULT_SKEW;
        Object skewSeconds = request.get("skewSeconds");
        if (skewSeconds != null) {
            if (!(skewSeconds instanceof Number seconds)) {
                throw DomainException.invalid("INVALID_FIELD_TYPE", "wrong type at 'skewSeconds'");
            }
            skew = Duration.ofSeconds(seconds.longValue());
        }
        RecoveryService.Outcome outcome =
                recovery.recover(new RecoveryService.Request(text(request, "recoveryId"), restorePoint, skew));
        List<Map<String, Object>> steps = new ArrayList<>();
        for (RecoveryService.StepRun run : outcome.steps()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("step", run.step().name());
            step.put("resumedPastIt", run.resumedPastIt());
            step.put("millis", run.took().toMillis());
            step.put("did", run.did());
            steps.add(step);
        }
        line.with("recoveryId", outcome.recoveryId());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("recoveryId", outcome.recoveryId());
        answer.put("restorePoint", outcome.restorePoint().toString());
        answer.put("steps", steps);
        return answer;
    }
}
