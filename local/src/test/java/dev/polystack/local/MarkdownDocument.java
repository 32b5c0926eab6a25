package dev.polystack.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Markdown file offers to links (the anchors of its headings, as GitHub makes them) and what it
 * points at (its relative links), read from the text alone. Code blocks and code spans are skipped:
 * a {@code # comment} in a bash block is no heading, and {@code [a](b)} in backticks is no link.
 */
record MarkdownDocument(Set<String> anchors, List<Link> links) {
    /** A link as written: the path part (empty for the same file) and the fragment (empty for none). */
    record Link(int line, String path, String fragment) {}

    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern INLINE_LINK =
            Pattern.compile("!?\\[([^\\]]*)\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    static MarkdownDocument parse(String text) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        List<Link> links = new ArrayList<>();
        boolean inFence = false;
        String[] lines = text.split("\n", -1);
        List<String> prose = new ArrayList<>(Collections.nCopies(lines.length, ""));
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(2));
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
            Matcher html = HTML_ANCHOR.matcher(line);
            while (html.find()) {
                anchors.add(html.group(1));
            }
            prose.set(i, withoutCodeSpans(line));
        }
        // Joined again, so a link whose text wraps onto the next line is still found.
        Matcher link = INLINE_LINK.matcher(String.join("\n", prose));
        while (link.find()) {
            String target = link.group(2);
            if (target.isEmpty() || SCHEME.matcher(target).find()) {
                continue;
            }
            int line = 1 + lineOf(link, prose);
            int hash = target.indexOf('#');
            links.add(
                    hash < 0
                            ? new Link(line, target, "")
                            : new Link(line, target.substring(0, hash), target.substring(hash + 1)));
        }
        return new MarkdownDocument(anchors, links);
    }

    /**
     * GitHub's heading anchor: the rendered text (links become their text, code spans and emphasis
     * lose their markers), lower-cased, every character that is not a letter, digit, mark, space,
     * hyphen or underscore dropped, each space a hyphen. A repeated anchor gets -1, -2, … (in parse).
     */
    static String slug(String heading) {
        String rendered = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                .replace("`", "")
                .replace("*", "");
        StringBuilder slug = new StringBuilder();
        rendered.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (c == ' ') {
                slug.append('-');
            } else if (c == '-'
                    || c == '_'
                    || Character.isLetterOrDigit(c)
                    || Character.getType(c) == Character.NON_SPACING_MARK
                    || Character.getType(c) == Character.COMBINING_SPACING_MARK) {
                slug.appendCodePoint(c);
            }
        });
        return slug.toString();
    }

    private static int lineOf(Matcher match, List<String> prose) {
        int offset = 0;
        for (int i = 0; i < prose.size(); i++) {
            offset += prose.get(i).length() + 1;
            if (offset > match.start()) {
                return i;
            }
        }
        return prose.size() - 1;
    }

    private static String withoutCodeSpans(String line) {
        return CODE_SPAN.matcher(line).replaceAll("");
    }
}
