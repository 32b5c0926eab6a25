package dev.polystack.local.dataapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.postgresql.util.PGobject;

/**
 * Binds the Data API's typed {@code SqlParameter}s to a prepared statement the way the service does
 * for Aurora PostgreSQL: a plain {@code stringValue} is sent as {@code varchar} (so a uuid column
 * needs {@code typeHint: UUID}, as on AWS), and the hints UUID, JSON, TIMESTAMP, DATE, TIME and
 * DECIMAL turn the string into that type.
 */
final class ParameterBinder {
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private ParameterBinder() {}

    static Map<String, JsonNode> byName(JsonNode parameters) {
        Map<String, JsonNode> named = new HashMap<>();
        if (parameters == null || parameters.isNull()) {
            return named;
        }
        if (!parameters.isArray()) {
            throw DataApiError.badRequest("parameters must be a list");
        }
        for (JsonNode parameter : parameters) {
            JsonNode name = parameter.get("name");
            if (name == null || !name.isTextual() || name.asText().isEmpty()) {
                throw DataApiError.badRequest("Parameter name is required");
            }
            named.put(name.asText(), parameter);
        }
        return named;
    }

    static void bind(PreparedStatement statement, List<String> placeholders, Map<String, JsonNode> parameters)
            throws SQLException {
        for (int i = 0; i < placeholders.size(); i++) {
            String name = placeholders.get(i);
            JsonNode parameter = parameters.get(name);
            if (parameter == null) {
                throw DataApiError.badRequest("No value specified for parameter: " + name);
            }
            bindOne(statement, i + 1, name, parameter);
        }
    }

    private static void bindOne(PreparedStatement statement, int index, String name, JsonNode parameter)
            throws SQLException {
        JsonNode value = parameter.get("value");
        String hint = parameter.path("typeHint").asText(null);
        if (value == null || value.isNull() || value.path("isNull").asBoolean(false)) {
            statement.setNull(index, Types.NULL);
            return;
        }
        if (value.has("stringValue")) {
            bindString(statement, index, name, value.get("stringValue").asText(), hint);
        } else if (value.has("longValue")) {
            statement.setLong(index, value.get("longValue").asLong());
        } else if (value.has("doubleValue")) {
            statement.setDouble(index, value.get("doubleValue").asDouble());
        } else if (value.has("booleanValue")) {
            statement.setBoolean(index, value.get("booleanValue").asBoolean());
        } else if (value.has("blobValue")) {
            statement.setBytes(
                    index, Base64.getDecoder().decode(value.get("blobValue").asText()));
        } else if (value.has("arrayValue")) {
            throw DataApiError.badRequest("Array parameters are not supported.");
        } else {
            throw DataApiError.badRequest("Parameter " + name + " has no value");
        }
    }

    private static void bindString(PreparedStatement statement, int index, String name, String text, String hint)
            throws SQLException {
        try {
            switch (hint == null ? "" : hint) {
                case "UUID" -> {
                    if (!UUID_TEXT.matcher(text).matches()) {
                        throw DataApiError.badRequest(
                                "ERROR: invalid input syntax for type uuid: \"" + text + "\"; SQLState: 22P02");
                    }
                    statement.setObject(index, UUID.fromString(text));
                }
                case "JSON" -> {
                    PGobject json = new PGobject();
                    json.setType("json");
                    json.setValue(text);
                    statement.setObject(index, json);
                }
                case "TIMESTAMP" -> statement.setTimestamp(index, Timestamp.valueOf(text));
                case "DATE" -> statement.setDate(index, Date.valueOf(text));
                case "TIME" -> statement.setObject(index, LocalTime.parse(text));
                case "DECIMAL" -> statement.setBigDecimal(index, new BigDecimal(text));
                case "" -> statement.setString(index, text);
                default -> throw DataApiError.badRequest("Unknown typeHint " + hint + " for parameter " + name);
            }
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw DataApiError.badRequest(
                    "Parameter " + name + " does not match typeHint " + hint + ": " + e.getMessage());
        }
    }
}
