package dev.polystack.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SamTemplate#tree}: parsed once per content, but an edited file is read again and no caller sees another's changes. */
class SamTemplateTreeTest {
    @TempDir
    Path dir;

    @Test
    void anEditedFileIsReadAgainEvenWithTheSameSize() throws IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, "Resources:\n  A: {Type: One}\n");
        assertEquals("One", SamTemplate.tree(file).at("/Resources/A/Type").asText());

        Files.writeString(file, "Resources:\n  A: {Type: Two}\n"); // same size
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals("Two", SamTemplate.tree(file).at("/Resources/A/Type").asText());

        Files.writeString(file, "Resources:\n  A: {Type: Three}\n");
        assertEquals("Three", SamTemplate.tree(file).at("/Resources/A/Type").asText());
    }

    @Test
    void eachCallerGetsItsOwnCopy() throws IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, "Resources:\n  A: {Type: One}\n");
        JsonNode first = SamTemplate.tree(file);
        ((ObjectNode) first.get("Resources")).remove("A");
        JsonNode second = SamTemplate.tree(file);
        assertNotSame(first, second);
        assertEquals("One", second.at("/Resources/A/Type").asText(), "the first caller's change is its own");
    }

    @Test
    void aMissingFileIsAnIoError() {
        assertThrows(IOException.class, () -> SamTemplate.tree(dir.resolve("none.yaml")));
    }
}
