package dev.polystack.session.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polystack.session.Session;
import dev.polystack.shared.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class SessionItemTest {
    @Test
    void aSessionIsStoredUnderItsTokenHashWithItsExpiryAsTheTtlAndReadsBack() {
        Session session = new Session(
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "0b6e2f56-1a7c-4d0e-9a55-7c6f0b9a1e21",
                Instant.ofEpochSecond(1_795_000_000),
                Instant.ofEpochSecond(1_795_086_400));
        Map<String, AttributeValue> item = SessionItem.SCHEMA.itemToMap(SessionItem.of(session), true);
        assertEquals(Set.of("PK", "SK", "type", "userId", "createdAt", "expiresAt"), item.keySet());
        assertEquals("SESSION#" + session.tokenHash(), item.get("PK").s());
        assertEquals(
                List.of("SESSION", "SESSION", session.userId()),
                List.of(
                        item.get("SK").s(),
                        item.get("type").s(),
                        item.get("userId").s()));
        assertEquals(
                List.of("1795000000", "1795086400"),
                List.of(item.get("createdAt").n(), item.get("expiresAt").n()),
                "epoch seconds; expiresAt is the TTL");
        assertEquals(session, SessionItem.SCHEMA.mapToItem(item).toSession(session.tokenHash()));
    }

    @Test
    void aSessionCarriesItsUsersRolesAndItsPointerFindsItFromTheUser() {
        Session session = new Session(
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "0b6e2f56-1a7c-4d0e-9a55-7c6f0b9a1e21",
                Set.of(Role.ADMIN),
                Instant.ofEpochSecond(1_795_000_000),
                Instant.ofEpochSecond(1_795_086_400));
        Map<String, AttributeValue> item = SessionItem.SCHEMA.itemToMap(SessionItem.of(session), true);
        assertEquals("admin", item.get("roles").s());
        assertEquals(session, SessionItem.SCHEMA.mapToItem(item).toSession(session.tokenHash()));

        Map<String, AttributeValue> pointer = SessionPointerItem.SCHEMA.itemToMap(SessionPointerItem.of(session), true);
        assertEquals(
                List.of(
                        "USER#" + session.userId(),
                        "SESSION#" + session.tokenHash(),
                        "SESSION_POINTER",
                        session.tokenHash(),
                        "1795086400"),
                List.of(
                        pointer.get("PK").s(),
                        pointer.get("SK").s(),
                        pointer.get("type").s(),
                        pointer.get("tokenHash").s(),
                        pointer.get("expiresAt").n()),
                "in the user's partition, expiring with the session");
    }
}
