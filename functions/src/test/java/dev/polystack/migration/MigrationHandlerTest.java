package dev.polystack.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.Lambda;
import dev.polystack.migration.handler.MigrationHandler;
import org.junit.jupiter.api.Test;

/** The deploy-time custom resource, fed with the CloudFormation event in events/migrate.json. */
class MigrationHandlerTest {
    static final String CODE_CHECKSUM = MigrationService.checksum(MigrationService.fromClasspath());

    final InMemoryMigrationTarget target = new InMemoryMigrationTarget();
    final MigrationHandler handler =
            new MigrationHandler(() -> new MigrationService(target, MigrationService.fromClasspath()), CODE_CHECKSUM);

    static ObjectNode event(String requestType, String checksum) {
        ObjectNode event = Lambda.event("migrate.json");
        event.put("RequestType", requestType);
        ((ObjectNode) event.get("ResourceProperties")).put(MigrationHandler.CHECKSUM_PROPERTY, checksum);
        return event;
    }

    @Test
    void theSampleEventAsksForTheShippedMigrations() {
        assertEquals(
                CODE_CHECKSUM,
                Lambda.event("migrate.json")
                        .get("ResourceProperties")
                        .get(MigrationHandler.CHECKSUM_PROPERTY)
                        .asText(),
                "events/migrate.json: set ResourceProperties.migrationsChecksum to the shipped migrations' checksum");
    }

    @Test
    void createAndUpdateApplyTheShippedMigrationsOnce() {
        JsonNode first = Lambda.invoke(handler, Lambda.event("migrate.json"));
        assertEquals("polystack-schema", first.get("PhysicalResourceId").asText());
        assertEquals(
                "[1, 2, 3, 4, 5, 6, 7, 8, 9]", first.get("Data").get("applied").asText());
        assertTrue(first.get("Data").get("repeatablesApplied").asText().contains("place_order"));
        JsonNode second = Lambda.invoke(handler, event("Create", CODE_CHECKSUM));
        assertEquals("[]", second.get("Data").get("applied").asText());
        assertEquals(
                "[1, 2, 3, 4, 5, 6, 7, 8, 9]", second.get("Data").get("skipped").asText());
        assertEquals(
                "[]",
                second.get("Data").get("repeatablesApplied").asText(),
                "unchanged functions are not replaced again");
    }

    @Test
    void aRollbackUpdateWithTheOldChecksumSucceedsWithoutMigrating() {
        // CloudFormation rolls the custom resource back (Update, old properties) before the function's alias:
        // the new code must answer SUCCESS and leave the database to the schema it already has.
        JsonNode response = Lambda.invoke(handler, event("Update", "0f".repeat(32)));
        assertEquals("polystack-schema", response.get("PhysicalResourceId").asText(), "a normal (SUCCESS) answer");
        assertTrue(response.get("Data").get("ignored").asText().contains("nothing migrated"));
        assertFalse(response.get("Data").has("applied"));
        assertTrue(target.ledger.isEmpty(), "no migration ran");
    }

    @Test
    void anEventWithoutAChecksumMigratesNothing() {
        ObjectNode event = Lambda.event("migrate.json");
        ((ObjectNode) event.get("ResourceProperties")).remove(MigrationHandler.CHECKSUM_PROPERTY);
        Lambda.invoke(handler, event);
        assertTrue(target.ledger.isEmpty());
    }

    @Test
    void deleteLeavesTheDatabaseAlone() {
        JsonNode response = Lambda.invoke(handler, event("Delete", CODE_CHECKSUM));
        assertEquals("polystack-schema", response.get("PhysicalResourceId").asText());
        assertTrue(target.ledger.isEmpty());
    }
}
