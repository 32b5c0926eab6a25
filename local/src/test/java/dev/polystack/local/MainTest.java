package dev.polystack.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "http://127.0.0.1:8000|http://127.0.0.1:8000",
        "arn:aws:rds:us-east-1:000000000000:cluster:polystack-local|arn:aws:rds:us-east-1:000000000000:cluster:polystack-local",
        "my db|'my db'",
        "it's|'it'\\''s'",
        "$HOME|'$HOME'",
    })
    void exportValuesArePastedAsOneShellWordEach(String value, String word) {
        assertEquals(word, Main.shellWord(value));
    }
}
