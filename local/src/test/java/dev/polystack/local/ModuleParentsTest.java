package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Every module of the root pom finds its parent on disk, where Maven looks for it: the parent's
 * {@code relativePath} (default {@code ../pom.xml}, from the folder of the module's pom) must be the
 * root pom.xml with the same coordinates. Otherwise Maven falls back to the local repository, and a
 * new user's first build, with an empty {@code ~/.m2}, fails before compiling anything.
 */
class ModuleParentsTest {
    private static final Path ROOT = DocsLinksTest.ROOT;
    private static final Path ROOT_POM = ROOT.resolve("pom.xml");

    static Stream<String> modules() throws Exception {
        List<String> modules = new ArrayList<>();
        NodeList nodes = read(ROOT_POM).getElementsByTagName("module");
        for (int i = 0; i < nodes.getLength(); i++) {
            modules.add(nodes.item(i).getTextContent().trim());
        }
        assertFalse(modules.isEmpty(), "the root pom lists no modules");
        return modules.stream();
    }

    @ParameterizedTest
    @MethodSource("modules")
    void parentResolvesToTheRootPom(String module) throws Exception {
        Path modulePom = ROOT.resolve(module);
        if (Files.isDirectory(modulePom)) {
            modulePom = modulePom.resolve("pom.xml");
        }
        Element project = read(modulePom).getDocumentElement();
        Element parent = child(project, "parent");
        assertTrue(parent != null, modulePom + " has no <parent>");
        Element relative = child(parent, "relativePath");
        String relativePath =
                relative == null ? "../pom.xml" : relative.getTextContent().trim();
        Path resolved = modulePom.getParent().resolve(relativePath);
        if (Files.isDirectory(resolved)) {
            resolved = resolved.resolve("pom.xml");
        }
        assertEquals(
                ROOT_POM.normalize(),
                resolved.normalize(),
                module + ": <parent> resolves to " + resolved.normalize()
                        + ", not the root pom, so Maven would need the parent in the local repository");

        Element root = read(ROOT_POM).getDocumentElement();
        for (String coordinate : List.of("groupId", "artifactId", "version")) {
            assertEquals(
                    text(root, coordinate),
                    text(parent, coordinate),
                    module + ": <parent><" + coordinate + "> differs from the root pom's");
        }
    }

    private static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static Element child(Element element, String name) {
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element element, String name) {
        Element child = child(element, name);
        return child == null ? null : child.getTextContent().trim();
    }
}
