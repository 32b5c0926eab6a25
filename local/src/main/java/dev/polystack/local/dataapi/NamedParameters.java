package dev.polystack.local.dataapi;

import dev.polystack.shared.SqlText;
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
            int opaqueEnd = SqlText.skipOpaque(sql, i);
            if (opaqueEnd >= 0) {
                out.append(sql, i, opaqueEnd);
                i = opaqueEnd;
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
}
