package dev.polystack.local.dataapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Base64;

/**
 * Turns a JDBC result into the Data API's shapes: {@code records} of typed {@code Field}s, or
 * {@code formattedRecords} as a JSON string, plus {@code columnMetadata} when asked. Types follow
 * the service's mapping for PostgreSQL: integers as longValue, numeric as stringValue (unless
 * {@code decimalReturnType} says otherwise), timestamps, dates, uuid and json as strings, bytea as blobValue.
 */
final class ResultEncoder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    record Options(boolean includeMetadata, boolean json, boolean decimalAsNumber, boolean longAsString) {}

    private ResultEncoder() {}

    static int encode(ResultSet rows, Options options, ObjectNode response) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int columns = meta.getColumnCount();
        ArrayNode records = NODES.arrayNode();
        ArrayNode objects = NODES.arrayNode();
        int count = 0;
        while (rows.next()) {
            count++;
            if (options.json()) {
                ObjectNode object = objects.addObject();
                for (int c = 1; c <= columns; c++) {
                    object.set(meta.getColumnLabel(c), plainValue(rows, meta, c, options));
                }
            } else {
                ArrayNode record = records.addArray();
                for (int c = 1; c <= columns; c++) {
                    record.add(field(rows, meta, c, options));
                }
            }
        }
        if (options.json()) {
            response.put("formattedRecords", objects.toString());
        } else {
            response.set("records", records);
        }
        if (options.includeMetadata()) {
            response.set("columnMetadata", metadata(meta));
        }
        return count;
    }

    private static ObjectNode field(ResultSet rows, ResultSetMetaData meta, int c, Options options)
            throws SQLException {
        ObjectNode field = NODES.objectNode();
        int type = meta.getColumnType(c);
        if (type == Types.ARRAY) {
            Array array = rows.getArray(c);
            if (array == null) {
                return field.put("isNull", true);
            }
            field.set("arrayValue", arrayValue((Object[]) array.getArray()));
            return field;
        }
        switch (type) {
            case Types.BIT, Types.BOOLEAN -> {
                boolean value = rows.getBoolean(c);
                return rows.wasNull() ? field.put("isNull", true) : field.put("booleanValue", value);
            }
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
                long value = rows.getLong(c);
                if (rows.wasNull()) {
                    return field.put("isNull", true);
                }
                return options.longAsString()
                        ? field.put("stringValue", Long.toString(value))
                        : field.put("longValue", value);
            }
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> {
                double value = rows.getDouble(c);
                return rows.wasNull() ? field.put("isNull", true) : field.put("doubleValue", value);
            }
            case Types.NUMERIC, Types.DECIMAL -> {
                BigDecimal value = rows.getBigDecimal(c);
                if (value == null) {
                    return field.put("isNull", true);
                }
                if (!options.decimalAsNumber()) {
                    return field.put("stringValue", value.toPlainString());
                }
                return isWhole(value)
                        ? field.put("longValue", value.longValueExact())
                        : field.put("doubleValue", value.doubleValue());
            }
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> {
                byte[] value = rows.getBytes(c);
                return value == null
                        ? field.put("isNull", true)
                        : field.put("blobValue", Base64.getEncoder().encodeToString(value));
            }
            default -> {
                String value = rows.getString(c);
                return value == null
                        ? field.put("isNull", true)
                        : field.put("stringValue", textOf(type, meta.getColumnTypeName(c), value));
            }
        }
    }

    private static JsonNode plainValue(ResultSet rows, ResultSetMetaData meta, int c, Options options)
            throws SQLException {
        ObjectNode field = field(rows, meta, c, options);
        if (field.has("isNull")) {
            return NODES.nullNode();
        }
        if (field.has("arrayValue")) {
            return plainArray(field.get("arrayValue"));
        }
        return field.elements().next();
    }

    private static JsonNode plainArray(JsonNode arrayValue) {
        JsonNode values = arrayValue.elements().next();
        ArrayNode plain = NODES.arrayNode();
        for (JsonNode value : values) {
            plain.add(value.isObject() ? plainArray(value) : value);
        }
        return plain;
    }

    private static boolean isWhole(BigDecimal value) {
        return value.signum() == 0
                || value.stripTrailingZeros().scale() <= 0
                        && value.toBigInteger().bitLength() < 64;
    }

    /** Timestamps come back as {@code YYYY-MM-DD HH:MM:SS[.ffffff]} in UTC, without an offset. */
    private static String textOf(int type, String typeName, String value) {
        if ((type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE || "timestamptz".equals(typeName))
                && (value.endsWith("+00") || value.endsWith("+00:00"))) {
            return value.substring(0, value.lastIndexOf('+'));
        }
        return value;
    }

    private static ObjectNode arrayValue(Object[] elements) {
        ObjectNode arrayValue = NODES.objectNode();
        Object sample = null;
        for (Object element : elements) {
            if (element != null) {
                sample = element;
                break;
            }
        }
        if (sample instanceof Object[]) {
            ArrayNode nested = arrayValue.putArray("arrayValues");
            for (Object element : elements) {
                nested.add(arrayValue((Object[]) element));
            }
        } else if (sample instanceof Boolean) {
            ArrayNode values = arrayValue.putArray("booleanValues");
            for (Object element : elements) {
                values.add((Boolean) element);
            }
        } else if (sample instanceof Integer || sample instanceof Long || sample instanceof Short) {
            ArrayNode values = arrayValue.putArray("longValues");
            for (Object element : elements) {
                values.add(element == null ? null : ((Number) element).longValue());
            }
        } else if (sample instanceof Float || sample instanceof Double) {
            ArrayNode values = arrayValue.putArray("doubleValues");
            for (Object element : elements) {
                values.add(element == null ? null : ((Number) element).doubleValue());
            }
        } else {
            ArrayNode values = arrayValue.putArray("stringValues");
            for (Object element : elements) {
                values.add(
                        element == null
                                ? null
                                : element instanceof BigDecimal d ? d.toPlainString() : element.toString());
            }
        }
        return arrayValue;
    }

    private static ArrayNode metadata(ResultSetMetaData meta) throws SQLException {
        ArrayNode columns = NODES.arrayNode();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            ObjectNode column = columns.addObject();
            column.put("name", meta.getColumnName(c));
            column.put("label", meta.getColumnLabel(c));
            column.put("type", meta.getColumnType(c));
            column.put("typeName", meta.getColumnTypeName(c));
            column.put("schemaName", meta.getSchemaName(c));
            column.put("tableName", meta.getTableName(c));
            column.put("isAutoIncrement", meta.isAutoIncrement(c));
            column.put("isSigned", meta.isSigned(c));
            column.put("isCurrency", meta.isCurrency(c));
            column.put("isCaseSensitive", meta.isCaseSensitive(c));
            column.put("nullable", meta.isNullable(c));
            column.put("precision", meta.getPrecision(c));
            column.put("scale", meta.getScale(c));
            column.put("arrayBaseColumnType", 0);
        }
        return columns;
    }
}
