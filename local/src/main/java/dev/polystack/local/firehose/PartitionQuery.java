package dev.polystack.local.firehose;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of JQ that dynamic partitioning's metadata extraction uses here: an object of keys, each
 * a top-level field, optionally sliced ({@code {dt: .occurred_at[0:10]}}). Firehose runs JQ 1.6;
 * anything beyond this subset is refused when the stream is configured, not guessed at.
 */
final class PartitionQuery {
    private static final Pattern WHOLE = Pattern.compile("\\{\\s*(.+?)\\s*}");
    private static final Pattern ENTRY =
            Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*:\\s*\\.([A-Za-z_][A-Za-z0-9_]*)(?:\\[(\\d+):(\\d+)])?");

    private record Key(String field, int from, int to) {}

    private final Map<String, Key> keys = new LinkedHashMap<>();

    PartitionQuery(String query) {
        Matcher whole = WHOLE.matcher(query.strip());
        if (!whole.matches()) {
            throw new IllegalArgumentException(
                    "unsupported partition query (expected {key: .field[a:b], ...}): " + query);
        }
        for (String entry : whole.group(1).split(",")) {
            Matcher m = ENTRY.matcher(entry.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("unsupported partition query entry: " + entry);
            }
            keys.put(
                    m.group(1),
                    new Key(
                            m.group(2),
                            m.group(3) == null ? -1 : Integer.parseInt(m.group(3)),
                            m.group(4) == null ? -1 : Integer.parseInt(m.group(4))));
        }
    }

    /** The partition keys of one record, or a failure reason as Firehose would route it to the error prefix. */
    Map<String, String> keysOf(JsonNode record) {
        Map<String, String> values = new LinkedHashMap<>();
        keys.forEach((name, key) -> {
            JsonNode field = record.get(key.field());
            if (field == null || field.isNull() || !field.isValueNode()) {
                throw new IllegalArgumentException(
                        "partition key " + name + ": ." + key.field() + " is missing or not a value");
            }
            String text = field.asText();
            if (key.from() >= 0) {
                text = text.substring(Math.min(key.from(), text.length()), Math.min(key.to(), text.length()));
            }
            if (text.isEmpty()) {
                throw new IllegalArgumentException("partition key " + name + " is empty");
            }
            values.put(name, text);
        });
        return values;
    }
}
