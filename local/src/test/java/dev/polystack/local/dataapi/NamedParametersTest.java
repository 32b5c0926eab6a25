package dev.polystack.local.dataapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamedParametersTest {
    @Test
    void replacesNamesWithPlaceholdersInOrderIncludingRepeats() {
        NamedParameters parsed = NamedParameters.parse("UPDATE t SET a = :a WHERE b = :b AND c = :a");
        assertEquals("UPDATE t SET a = ? WHERE b = ? AND c = ?", parsed.jdbcSql());
        assertEquals(List.of("a", "b", "a"), parsed.names());
    }

    @Test
    void leavesCastsLiteralsIdentifiersCommentsAndDollarBodiesAlone() {
        String sql = "SELECT :x::int, ':y', \":z\", $$ :w $$ -- :v\n/* :u */ FROM t";
        NamedParameters parsed = NamedParameters.parse(sql);
        assertEquals(List.of("x"), parsed.names());
        assertEquals("SELECT ?::int, ':y', \":z\", $$ :w $$ -- :v\n/* :u */ FROM t", parsed.jdbcSql());
    }

    @Test
    void escapesLiteralQuestionMarksForTheDriver() {
        assertEquals(
                "SELECT doc ?? 'k' FROM t WHERE id = ?",
                NamedParameters.parse("SELECT doc ? 'k' FROM t WHERE id = :id").jdbcSql());
    }
}
