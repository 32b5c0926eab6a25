package dev.polystack.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polystack.Lambda;
import dev.polystack.health.handler.HealthHandler;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthHandlerTest {
    static StoreProbe probe(String store, boolean ok) {
        return new StoreProbe() {
            @Override
            public String store() {
                return store;
            }

            @Override
            public void check() {
                if (!ok) {
                    throw new IllegalStateException(store + " refused the connection");
                }
            }
        };
    }

    @Test
    void allStoresAnsweringIs200() {
        HealthService service =
                new HealthService(List.of(probe("dynamodb", true), probe("s3", true), probe("aurora", true)));
        JsonNode response = Lambda.invoke(new HealthHandler(service), Lambda.event("health.json"));
        assertEquals(200, response.get("statusCode").asInt());
        JsonNode body = Lambda.body(response);
        assertEquals("ok", body.get("status").asText());
        assertEquals("ok", body.get("stores").get("aurora").get("status").asText());
    }

    @Test
    void oneFailingStoreIs503AndNamesIt() {
        HealthService service =
                new HealthService(List.of(probe("dynamodb", true), probe("s3", false), probe("aurora", true)));
        JsonNode response = Lambda.invoke(new HealthHandler(service), Lambda.event("health.json"));
        assertEquals(503, response.get("statusCode").asInt());
        JsonNode stores = Lambda.body(response).get("stores");
        assertEquals("failing", stores.get("s3").get("status").asText());
        assertTrue(stores.get("s3").get("error").asText().contains("refused"));
        assertEquals("ok", stores.get("dynamodb").get("status").asText());
    }
}
