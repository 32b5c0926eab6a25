package dev.polystack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polystack.Lambda;
import org.junit.jupiter.api.Test;

class FallbackHandlerTest {
    @Test
    void knownPathWithAnotherMethodIs405WithAllowHeader() {
        JsonNode response = Lambda.invoke(new FallbackHandler(), Lambda.event("unknown-route.json"));
        assertEquals(405, response.get("statusCode").asInt());
        assertEquals("GET, POST", response.get("headers").get("allow").asText());
        assertEquals(
                "METHOD_NOT_ALLOWED",
                Lambda.body(response).get("error").get("code").asText());
    }

    @Test
    void unknownPathIs404InTheErrorShape() {
        ObjectNode event = Lambda.event("unknown-route.json");
        event.put("rawPath", "/no/such/thing");
        JsonNode response = Lambda.invoke(new FallbackHandler(), event);
        assertEquals(404, response.get("statusCode").asInt());
        assertEquals(
                "ROUTE_NOT_FOUND",
                Lambda.body(response).get("error").get("code").asText());
    }

    @Test
    void pathTemplatesMatchOneSegmentPerVariable() {
        Route route = new Route("GET", "/uploads/{uploadId}", "X", FallbackHandler.class, true);
        assertEquals(true, route.matchesPath("/uploads/abc"));
        assertEquals(false, route.matchesPath("/uploads"));
        assertEquals(false, route.matchesPath("/uploads/abc/def"));
        assertEquals(false, route.matchesPath("/uploads/"));
    }
}
