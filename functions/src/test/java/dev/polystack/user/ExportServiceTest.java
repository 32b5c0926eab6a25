package dev.polystack.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystack.Lambda;
import dev.polystack.MutableClock;
import dev.polystack.user.handler.ExportMeHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The data export over in-memory ports, fed with {@code events/export-me.json}. */
class ExportServiceTest {
    static final String USER = "7f1c3e0a-3b9e-4c55-9d2f-0c4f5b6a7e81";

    final InMemoryUsers users = new InMemoryUsers();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    final InMemoryExports store = new InMemoryExports();
    final Map<String, AccountExport> saved = store.saved;
    final AccountRecords records = new AccountRecords() {
        @Override
        public List<AccountExport.Order> orders(String userId) {
            return userId.equals(USER)
                    ? List.of(new AccountExport.Order(
                            "o-1",
                            "CONFIRMED",
                            2598,
                            List.of(new AccountExport.Order.Item("p-1", "MUG-001", 2, 1299)),
                            "2026-11-20T09:00:00.000Z"))
                    : List.of();
        }

        @Override
        public List<AccountExport.Upload> uploads(String userId) {
            return userId.equals(USER)
                    ? List.of(new AccountExport.Upload(
                            "u-1", "cat.png", "image/png", 9, "AVAILABLE", null, "2026-11-20T09:01:00Z"))
                    : List.of();
        }
    };
    final ExportService exports = new ExportService(users, records, store, clock, Duration.ofMinutes(10));

    @Test
    void theExportIsWrittenUnderTheUsersPrefixAndAnsweredWithAShortLivedUrl() throws Exception {
        users.create(new User(
                USER,
                new Email("ada@example.com"),
                new DisplayName("Ada"),
                "$argon2id$secret-hash",
                clock.instant(),
                1));
        JsonNode answer = Lambda.invoke(new ExportMeHandler(exports), Lambda.event("export-me.json"));

        assertEquals(200, answer.get("statusCode").asInt(), answer.toString());
        JsonNode body = Lambda.body(answer);
        assertEquals("2026-11-21T10:10:00Z", body.get("expiresAt").asText());
        String key = "exports/" + USER + "/" + body.get("exportId").asText() + ".json";
        assertEquals(List.of(key), List.copyOf(saved.keySet()));
        assertTrue(body.get("downloadUrl").asText().contains(key));

        String json = new ObjectMapper().writeValueAsString(saved.get(key));
        JsonNode document = new ObjectMapper().readTree(json);
        assertEquals("ada@example.com", document.get("profile").get("email").asText());
        assertEquals("o-1", document.get("orders").get(0).get("orderId").asText());
        assertEquals("u-1", document.get("uploads").get(0).get("uploadId").asText());
        assertFalse(json.contains("argon2") || json.contains("passwordHash"), "never the password hash: " + json);
    }

    @Test
    void aSessionWhoseAccountIsGoneGets401AndNothingIsWritten() {
        JsonNode answer = Lambda.invoke(new ExportMeHandler(exports), Lambda.event("export-me.json"));
        assertEquals(401, answer.get("statusCode").asInt());
        assertEquals(
                "ACCOUNT_NOT_FOUND",
                Lambda.body(answer).get("error").get("code").asText());
        assertTrue(saved.isEmpty());
    }

    @Test
    void theUrlLifetimeIsBoundedAtStartUp() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new ExportService(users, records, store, clock, Duration.ofHours(2)));
        assertThrows(
                IllegalArgumentException.class, () -> new ExportService(users, records, store, clock, Duration.ZERO));
    }
}
