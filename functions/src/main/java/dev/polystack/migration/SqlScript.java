package dev.polystack.migration;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements at semicolons that are not inside quotes, comments or
 * dollar-quoted bodies. The Data API runs one statement per call.
 */
public final class SqlScript {
    private SqlScript() {
    }

    public static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
                current.append('\n');
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                current.append(' ');
            } else if (c == '\'' || c == '"') {
                int end = closingQuote(script, i, c);
                current.append(script, i, end);
                i = end;
            } else if (c == '$' && dollarTag(script, i) != null) {
                String tag = dollarTag(script, i);
                int end = script.indexOf(tag, i + tag.length());
                end = end < 0 ? n : end + tag.length();
                current.append(script, i, end);
                i = end;
            } else if (c == ';') {
                add(statements, current);
                current.setLength(0);
                i++;
            } else {
                current.append(c);
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

    private static int closingQuote(String script, int start, char quote) {
        int i = start + 1;
        while (i < script.length()) {
            if (script.charAt(i) == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return script.length();
    }

    /** {@code $$} or {@code $tag$} starting at {@code start}, or null. */
    static String dollarTag(String script, int start) {
        int i = start + 1;
        while (i < script.length() && (Character.isLetterOrDigit(script.charAt(i)) || script.charAt(i) == '_')) {
            i++;
        }
        if (i < script.length() && script.charAt(i) == '$') {
            String tag = script.substring(start, i + 1);
            return tag.length() == 2 || !Character.isDigit(tag.charAt(1)) ? tag : null;
        }
        return null;
    }
}
