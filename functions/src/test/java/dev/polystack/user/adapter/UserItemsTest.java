package dev.polystack.user.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polystack.user.Credentials;
import dev.polystack.user.DisplayName;
import dev.polystack.user.Email;
import dev.polystack.user.User;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The user context's two items, as sign-up writes them. */
class UserItemsTest {
    static final User ADA = new User(
            "0b6e2f56-1a7c-4d0e-9a55-7c6f0b9a1e21",
            new Email("ada@example.com"),
            new DisplayName("Ada"),
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
            Instant.parse("2026-11-21T10:00:00.123Z"),
            3);

    @Test
    void theProfileKeepsItsAttributesAndVersionAndReadsBackAsTheUser() {
        Map<String, AttributeValue> item = ProfileItem.SCHEMA.itemToMap(ProfileItem.of(ADA), true);
        assertEquals(
                Map.of(
                        "PK", AttributeValue.fromS("USER#0b6e2f56-1a7c-4d0e-9a55-7c6f0b9a1e21"),
                        "SK", AttributeValue.fromS("PROFILE"),
                        "type", AttributeValue.fromS("USER"),
                        "userId", AttributeValue.fromS(ADA.userId()),
                        "email", AttributeValue.fromS("ada@example.com"),
                        "name", AttributeValue.fromS("Ada"),
                        "passwordHash", AttributeValue.fromS(ADA.passwordHash()),
                        "createdAt", AttributeValue.fromS("2026-11-21T10:00:00.123Z"),
                        "version", AttributeValue.fromN("3")),
                item);
        assertEquals(ADA, ProfileItem.SCHEMA.mapToItem(item).toUser());
    }

    @Test
    void theEmailClaimCarriesWhatALoginNeeds() {
        Map<String, AttributeValue> item = EmailItem.SCHEMA.itemToMap(EmailItem.of(ADA), true);
        assertEquals("EMAIL#ada@example.com", item.get("PK").s());
        assertEquals("EMAIL", item.get("SK").s());
        assertEquals("EMAIL", item.get("type").s());
        assertEquals(
                new Credentials(ADA.userId(), ADA.passwordHash()),
                EmailItem.SCHEMA.mapToItem(item).credentials());
    }
}
