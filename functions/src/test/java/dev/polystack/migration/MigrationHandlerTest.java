package dev.polystack.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.Lambda;
import dev.polystack.migration.handler.MigrationHandler;
import org.junit.jupiter.api.Test;

/** The deploy-time custom resource, fed with the CloudFormation event in events/migrate.json. */
class MigrationHandlerTest {
    final MigrationServiceTest.InMemoryTarget target = new MigrationServiceTest.InMemoryTarget();
    final MigrationHandler handler = new MigrationHandler(() -> new MigrationService(target, MigrationService.fromClasspath()));

    @Test
    void createAndUpdateApplyTheShippedMigrationsOnce() {
        JsonNode first = Lambda.invoke(handler, Lambda.event("migrate.json"));
        assertEquals("polystack-schema", first.get("PhysicalResourceId").asText());
        assertEquals("[1, 2, 3]", first.get("Data").get("applied").asText());
        JsonNode second = Lambda.invoke(handler, Lambda.event("migrate.json"));
        assertEquals("[]", second.get("Data").get("applied").asText());
        assertEquals("[1, 2, 3]", second.get("Data").get("skipped").asText());
    }

    @Test
    void deleteLeavesTheDatabaseAlone() {
        ObjectNode delete = Lambda.event("migrate.json");
        delete.put("RequestType", "Delete");
        JsonNode response = Lambda.invoke(handler, delete);
        assertEquals("polystack-schema", response.get("PhysicalResourceId").asText());
        assertTrue(target.ledger.isEmpty());
    }
}
