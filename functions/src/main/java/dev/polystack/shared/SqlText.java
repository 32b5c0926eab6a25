package dev.polystack.shared;

/**
 * The parts of PostgreSQL text where {@code ;}, {@code :name} and {@code ?} mean nothing: string
 * literals (with {@code ''} and, in {@code E'…'}, backslash escapes), quoted identifiers, comments
 * and dollar-quoted bodies. Used to split migration scripts and to find Data API parameters.
 */
public final class SqlText {
    private SqlText() {}

    /** When such a part starts at {@code start}, the index just past it; otherwise -1. */
    public static int skipOpaque(String sql, int start) {
        char c = sql.charAt(start);
        int n = sql.length();
        if (c == '\'' || c == '"') {
            return closingQuote(sql, start, c);
        }
        if (c == '-' && start + 1 < n && sql.charAt(start + 1) == '-') {
            int end = sql.indexOf('\n', start);
            return end < 0 ? n : end;
        }
        if (c == '/' && start + 1 < n && sql.charAt(start + 1) == '*') {
            int end = sql.indexOf("*/", start + 2);
            return end < 0 ? n : end + 2;
        }
        if (c == '$') {
            String tag = dollarTag(sql, start);
            if (tag != null) {
                int end = sql.indexOf(tag, start + tag.length());
                return end < 0 ? n : end + tag.length();
            }
        }
        return -1;
    }

    public static boolean isComment(String sql, int start) {
        return start + 1 < sql.length() && (sql.startsWith("--", start) || sql.startsWith("/*", start));
    }

    private static int closingQuote(String sql, int start, char quote) {
        boolean backslashEscapes =
                quote == '\'' && start > 0 && (sql.charAt(start - 1) == 'E' || sql.charAt(start - 1) == 'e');
        int i = start + 1;
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

    /** {@code $$} or {@code $tag$} at {@code start} (not a positional {@code $1}, not inside a word), or null. */
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
