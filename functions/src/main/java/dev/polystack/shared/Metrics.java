package dev.polystack.shared;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch Embedded Metric Format: a log line that also carries metrics, so CloudWatch turns it
 * into metric data points without any API call from the function.
 */
public final class Metrics {
    public static final String NAMESPACE = "Polystack";
    public static final String DATA_API_ERRORS = "DataApiErrors";
    public static final String OUTBOX_BACKLOG_AGE = "OutboxBacklogAgeSeconds";

    private Metrics() {}

    /** Adds the {@code _aws} block declaring {@code metrics} (name → unit), whose values must be in {@code line}. */
    public static void declare(Map<String, Object> line, Map<String, String> metrics) {
        List<Map<String, String>> definitions = new ArrayList<>();
        metrics.forEach((name, unit) -> definitions.add(Map.of("Name", name, "Unit", unit)));
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", NAMESPACE);
        directive.put("Dimensions", List.of(List.of()));
        directive.put("Metrics", definitions);
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", System.currentTimeMillis());
        aws.put("CloudWatchMetrics", List.of(directive));
        line.put("_aws", aws);
    }
}
