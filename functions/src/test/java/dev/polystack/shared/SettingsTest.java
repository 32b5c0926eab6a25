package dev.polystack.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The same jar finds AWS, LocalStack or the local stack through the SDK's standard variable names. */
class SettingsTest {
    @Test
    void aServiceEndpointOverridesTheGlobalOne() {
        Settings settings = new Settings(Map.of(
                "AWS_ENDPOINT_URL", "http://localhost:4566", "AWS_ENDPOINT_URL_RDS_DATA", "http://127.0.0.1:9000"));
        assertEquals(Optional.of(URI.create("http://127.0.0.1:9000")), settings.endpoint("RDS_DATA"));
        assertEquals(Optional.of(URI.create("http://localhost:4566")), settings.endpoint("DYNAMODB"));
    }

    @Test
    void onAwsNoEndpointIsSetAndTheRegionComesFromTheRuntime() {
        Settings settings = new Settings(Map.of("AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL_S3", " "));
        assertTrue(settings.endpoint("S3").isEmpty(), "blank counts as unset");
        assertEquals("eu-west-1", settings.region());
        assertEquals("us-east-1", new Settings(Map.of()).region());
    }

    @Test
    void aMissingResourceNameIsAClearStartupError() {
        IllegalStateException missing =
                assertThrows(IllegalStateException.class, () -> new Settings(Map.of()).tableName());
        assertTrue(missing.getMessage().contains("TABLE_NAME"));
        assertEquals(
                Duration.ofMinutes(4),
                new Settings(Map.of("DATA_API_RETRY_BUDGET", "PT4M")).duration("DATA_API_RETRY_BUDGET", Duration.ZERO));
    }
}
