package dev.polystack.local.dataapi;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites the Data API's {@code :name} placeholders to JDBC's {@code ?}, skipping string literals,
 * quoted identifiers, comments, dollar-quoted bodies and {@code ::} casts. A literal {@code ?} (a
 * jsonb operator, say) is escaped as {@code ??} so the driver does not take it for a placeholder.
 */
record NamedParameters(String jdbcSql, List<String> names) {

    static NamedParameters parse(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 8);
        List<String> names = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = closing(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                out.append(sql, i, end);
                i = end;
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int end = sql.indexOf(tag, i + tag.length());
                end = end < 0 ? n : end + tag.length();
                out.append(sql, i, end);
                i = end;
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                out.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < n && isNameStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && isNamePart(sql.charAt(end))) {
                    end++;
                }
                names.add(sql.substring(i + 1, end));
                out.append('?');
                i = end;
            } else if (c == '?') {
                out.append("??");
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return new NamedParameters(out.toString(), List.copyOf(names));
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static int closing(String sql, int start, char quote) {
        int i = start + 1;
        boolean backslashEscapes = quote == '\'' && start > 0 && (sql.charAt(start - 1) == 'E' || sql.charAt(start - 1) == 'e');
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static String dollarTag(String sql, int start) {
        if (start > 0 && (Character.isLetterOrDigit(sql.charAt(start - 1)) || sql.charAt(start - 1) == '_')) {
            return null;
        }
        int i = start + 1;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        if (i < sql.length() && sql.charAt(i) == '$') {
            String tag = sql.substring(start, i + 1);
            return tag.length() == 2 || !Character.isDigit(tag.charAt(1)) ? tag : null;
        }
        return null;
    }
}
