package dev.polystack.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.app.FunctionSpec;
import dev.polystack.app.Functions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every function's sample event, as its definition names it, is found to be that function's (by route or by file name). */
class SampleEventsTest {
    static final Path PROJECT = SamTemplate.locate().getParent();
    static final SamTemplate TEMPLATE = SamTemplate.read(PROJECT.resolve("template.yaml"));

    static Stream<String> functions() {
        return Functions.ALL.stream().map(FunctionSpec::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void aFunctionsSampleEventLeadsBackToIt(String name) {
        Path event = PROJECT.resolve("events").resolve(Functions.all().get(name).sampleEvent());
        assertTrue(Files.isRegularFile(event), event + " is missing");
        assertEquals(Optional.of(name), SampleEvents.functionFor(TEMPLATE, event));
    }
}
