package dev.polystack.local.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polystack.app.FunctionSpec;
import dev.polystack.app.Functions;
import dev.polystack.app.SaleSizing;
import dev.polystack.local.StartupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReservedConcurrencyTest {
    @TempDir
    Path folder;

    @Test
    void theLocalRuntimeReservesWhatTheProjectsTemplateReservesInProd() {
        ReservedConcurrency reserved = ReservedConcurrency.of(SamTemplate.read(SamTemplate.locate()));
        Map<String, Integer> expected = new TreeMap<>();
        for (FunctionSpec spec : Functions.ALL) {
            SaleSizing.SALE.reservedConcurrency(spec).ifPresent(n -> expected.put(spec.name(), n));
        }
        assertEquals(expected, new TreeMap<>(reserved.byFunction()));
    }

    @Test
    void aReservationUnderAConditionCountsOnlyWhereTheConditionHolds() throws IOException {
        SamTemplate template = template("!If [IsProd, 7, !Ref AWS::NoValue]");
        assertEquals(
                OptionalInt.of(7),
                ReservedConcurrency.of(template, Set.of("IsProd")).of("Probe"));
        assertEquals(
                OptionalInt.empty(), ReservedConcurrency.of(template, Set.of()).of("Probe"));
    }

    @Test
    void aPlainReservationCountsEverywhere() throws IOException {
        assertEquals(
                OptionalInt.of(3),
                ReservedConcurrency.of(template("3"), Set.of()).of("Probe"));
    }

    @Test
    void aReservationThatIsNeitherANumberNorAConditionalNumberStopsTheStart() throws IOException {
        assertThrows(StartupException.class, () -> ReservedConcurrency.of(template("!Ref Reserved"), Set.of("IsProd")));
        assertThrows(
                StartupException.class,
                () -> ReservedConcurrency.of(template("!If [IsProd, many, !Ref AWS::NoValue]"), Set.of("IsProd")));
    }

    private SamTemplate template(String reserved) throws IOException {
        Path file = folder.resolve("template.yaml");
        Files.writeString(file, """
                Resources:
                  ProbeFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: dev.polystack.health.handler.HealthHandler
                      CodeUri: functions.jar
                      ReservedConcurrentExecutions: %s
                """.formatted(reserved));
        return SamTemplate.read(file);
    }
}
