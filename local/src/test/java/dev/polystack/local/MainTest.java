package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.local.lambda.LambdaSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "http://127.0.0.1:8000|http://127.0.0.1:8000",
                "arn:aws:rds:us-east-1:000000000000:cluster:polystack-local|arn:aws:rds:us-east-1:000000000000:cluster:polystack-local",
                "my db|'my db'",
                "it's|'it'\\''s'",
                "$HOME|'$HOME'",
            })
    void exportValuesArePastedAsOneShellWordEach(String value, String word) {
        assertEquals(word, Main.shellWord(value));
    }

    @Test
    void theLambdaFlagsSetTheLocalLambdaService() {
        Main.Command command = Main.parse(
                new String[] {"--port", "4000", "--lambda-port", "4100", "--concurrency", "3", "--snapstart", "--watch"
                });
        assertEquals(new LambdaSettings(4100, 3, true, Main.FUNCTION_LOGS.toAbsolutePath()), command.lambda());
        assertTrue(command.watch());
        assertEquals(4000, command.options().port());
    }

    @Test
    void withoutFlagsTheInvokeApiTakesTheGatewaysPortPlusOneAndNothingIsWatched() {
        Main.Command command = Main.parse(new String[0]);
        assertEquals(LambdaSettings.API_PORT_PLUS_ONE, command.lambda().invokePort());
        assertEquals(false, command.lambda().snapStart() || command.watch());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2", "many", ""})
    void aConcurrencyMustBeAWholeNumberOfAtLeastOne(String value) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[] {"--concurrency", value}));
        assertTrue(e.getMessage().contains("--concurrency"), e.getMessage());
    }

    @Test
    void theSchedulesFireEveryFiveSecondsUnlessTurnedOff() {
        assertEquals(
                java.time.Duration.ofSeconds(5),
                Main.parse(new String[0]).options().relayEvery());
        assertEquals(null, Main.parse(new String[] {"--no-schedules"}).options().relayEvery());
        StackOptions off =
                Main.parse(new String[] {"--port", "4000", "--no-schedules"}).options();
        assertEquals(List.of(4000, 4002), List.of(off.port(), off.edgePort()), "--no-schedules changes nothing else");
        assertEquals(StackOptions.FunctionMode.PROCESS, off.functions());
    }

    @Test
    void theEdgeCacheListensTwoPortsAboveTheGatewayUnlessToldOtherwise() {
        assertEquals(3002, Main.parse(new String[0]).options().edgePort());
        assertEquals(4002, Main.parse(new String[] {"--port", "4000"}).options().edgePort());
        assertEquals(0, Main.parse(new String[] {"--port", "0"}).options().edgePort());
        assertEquals(
                5000, Main.parse(new String[] {"--edge-port", "5000"}).options().edgePort());
        assertEquals(null, Main.parse(new String[] {"--no-edge"}).options().edgePort());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Main.parse(new String[] {"--no-edge", "--edge-port", "5000"}));
        assertTrue(e.getMessage().contains("--no-edge"), e.getMessage());
    }

    @Test
    void snapStartPublishesEveryFunctionUnlessPublishNamesSome() {
        assertEquals(List.of(), Main.parse(new String[] {"--snapstart"}).publish());
        assertEquals(
                List.of("Health", "Login"),
                Main.parse(new String[] {"--snapstart", "--publish", "Health, Login,Health"})
                        .publish());
        assertEquals(List.of("A", "B", "C"), Main.toPublish(List.of("A", "B", "C"), List.of()));
        assertEquals(List.of("C", "A"), Main.toPublish(List.of("A", "B", "C"), List.of("C", "A")));
        StartupException unknown =
                assertThrows(StartupException.class, () -> Main.toPublish(List.of("A", "B"), List.of("A", "Helth")));
        assertTrue(
                unknown.getMessage().contains("Helth") && unknown.getMessage().contains("A, B"), unknown.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Health,", ",Login", "Health,,Login"})
    void publishTakesNamesSeparatedByCommas(String value) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Main.parse(new String[] {"--snapstart", "--publish", value}));
        assertTrue(e.getMessage().contains("--publish"), e.getMessage());
    }

    @Test
    void publishNeedsSnapStart() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[] {"--publish", "Health"}));
        assertTrue(e.getMessage().contains("--snapstart"), e.getMessage());
    }
}
