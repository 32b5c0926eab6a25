package dev.polystack.migration;

import dev.polystack.shared.SqlText;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements at semicolons that are not inside quotes, comments or
 * dollar-quoted bodies. The Data API runs one statement per call.
 */
public final class SqlScript {
    private SqlScript() {}

    public static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        while (i < script.length()) {
            int opaqueEnd = SqlText.skipOpaque(script, i);
            if (opaqueEnd >= 0) {
                if (SqlText.isComment(script, i)) {
                    current.append(' ');
                } else {
                    current.append(script, i, opaqueEnd);
                }
                i = opaqueEnd;
            } else if (script.charAt(i) == ';') {
                add(statements, current);
                current.setLength(0);
                i++;
            } else {
                current.append(script.charAt(i));
                i++;
            }
        }
        add(statements, current);
        return List.copyOf(statements);
    }

    private static void add(List<String> statements, StringBuilder statement) {
        String text = statement.toString().strip();
        if (!text.isEmpty()) {
            statements.add(text);
        }
    }
}
