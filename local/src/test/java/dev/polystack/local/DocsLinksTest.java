package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every relative link and #anchor in the project's Markdown resolves, and every reference to a
 * Markdown file or section from the sources (javadoc, comments, SQL) names one that exists. Anchors
 * follow GitHub's rules, so what passes here works on github.com.
 */
class DocsLinksTest {
    static final Path ROOT = projectRoot();
    /** A path ending in .md, optionally followed by #anchor, as sources write references. */
    private static final Pattern SOURCE_REFERENCE =
            Pattern.compile("(?<![\\w/.-])((?:[\\w.-]+/)*[\\w.-]+\\.md)(?:#([\\w-]+))?");
    /** README with no ".md" after it: a reference that no test could resolve. */
    private static final Pattern LOOSE_README = Pattern.compile("README(?!\\.md)");

    static Stream<Path> markdownFiles() throws IOException {
        List<Path> files = new ArrayList<>(List.of(
                ROOT.resolve("README.md"),
                ROOT.resolve("local/README.md"),
                ROOT.resolve("BENCHMARKS.md"),
                ROOT.resolve("RELIABILITY.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files.stream().map(ROOT::relativize);
    }

    static Stream<Path> sourceFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String module : List.of("functions", "infra", "local", "benchmarks")) {
            Path src = ROOT.resolve(module).resolve("src");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(src)) {
                walk.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".sql"))
                        .filter(p -> !p.getFileName().toString().equals("DocsLinksTest.java"))
                        .sorted()
                        .forEach(files::add);
            }
        }
        return files.stream().map(ROOT::relativize);
    }

    @ParameterizedTest
    @MethodSource("markdownFiles")
    void everyRelativeLinkAndAnchorResolves(Path file) {
        MarkdownDocument document = MarkdownDocument.parse(read(ROOT.resolve(file)));
        List<String> broken = new ArrayList<>();
        for (MarkdownDocument.Link link : document.links()) {
            String problem = problem(ROOT.resolve(file).getParent(), file, link.path(), link.fragment());
            if (problem != null) {
                broken.add(file + ":" + link.line() + " " + problem);
            }
        }
        assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
    }

    @ParameterizedTest
    @MethodSource("sourceFiles")
    void everyReferenceToTheDocsFromTheSourcesResolves(Path file) {
        List<String> lines = List.of(read(ROOT.resolve(file)).split("\n", -1));
        List<String> broken = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher reference = SOURCE_REFERENCE.matcher(line);
            while (reference.find()) {
                String problem =
                        problem(ROOT, file, reference.group(1), reference.group(2) == null ? "" : reference.group(2));
                if (problem != null) {
                    broken.add(file + ":" + (i + 1) + " " + problem);
                }
            }
            if (LOOSE_README.matcher(line).find()) {
                broken.add(file + ":" + (i + 1)
                        + " names README without a file and section (write README.md#anchor or docs/<topic>.md#anchor): "
                        + line.strip());
            }
        }
        assertTrue(broken.isEmpty(), "unresolvable references:\n" + String.join("\n", broken));
    }

    /** Null when the link resolves; otherwise what is wrong with it. */
    private static String problem(Path base, Path from, String path, String fragment) {
        Path target = path.isEmpty() ? ROOT.resolve(from) : base.resolve(path).normalize();
        if (!Files.exists(target)) {
            return path + ": no such file (" + ROOT.relativize(target) + ")";
        }
        if (fragment.isEmpty()) {
            return null;
        }
        if (!target.toString().endsWith(".md")) {
            return path + "#" + fragment + ": an anchor into a file that is not Markdown";
        }
        MarkdownDocument document = MarkdownDocument.parse(read(target));
        return document.anchors().contains(fragment)
                ? null
                : path + "#" + fragment + ": no such heading in " + ROOT.relativize(target) + " (anchors: "
                        + document.anchors() + ")";
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Order lifecycle: cancel, ship, deliver, projected in order|order-lifecycle-cancel-ship-deliver-projected-in-order",
                "What lives where, and why|what-lives-where-and-why",
                "The `SingleTable` and **its** keys|the-singletable-and-its-keys",
                "Deploy to AWS (CDK, SAM)|deploy-to-aws-cdk-sam",
                "A — B|a--b",
                "snake_case stays|snake_case-stays",
                "See [the docs](docs/x.md) here|see-the-docs-here",
            })
    void anchorsAreMadeAsGitHubMakesThem(String heading, String anchor) {
        assertEquals(anchor, MarkdownDocument.slug(heading));
    }

    @Test
    void aRepeatedHeadingGetsANumberedAnchorAndCodeIsNoHeading() {
        MarkdownDocument document = MarkdownDocument.parse("# Try it\n\n```bash\n# not a heading\n```\n\n## Try it\n");
        assertEquals(List.of("try-it", "try-it-1"), List.copyOf(document.anchors()));
    }

    @Test
    void linksAreFoundAcrossLineBreaksButNotInCode() {
        MarkdownDocument document = MarkdownDocument.parse(
                "See [the\nguide](docs/guide.md#start), `[not](a-link.md)`, [site](https://example.com).\n\n```\n[nor](this.md)\n```\n");
        assertEquals(List.of(new MarkdownDocument.Link(1, "docs/guide.md", "start")), document.links());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null
                && !(Files.exists(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("functions")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no project root (README.md beside functions/) above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
