package dev.polystack.shared.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.regions.GeneratedServiceMetadataProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadata;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The project's service-metadata provider stands in for the SDK's, and knows every service {@link AwsClients} builds a client for. */
class ServiceMetadataProviderTest {
    @ParameterizedTest
    @CsvSource({
        DynamoDbClient.SERVICE_METADATA_ID + ", eu-west-1, dynamodb.eu-west-1.amazonaws.com",
        S3Client.SERVICE_METADATA_ID + ", eu-west-1, s3.eu-west-1.amazonaws.com",
        RdsDataClient.SERVICE_METADATA_ID + ", eu-west-1, rds-data.eu-west-1.amazonaws.com",
        FirehoseClient.SERVICE_METADATA_ID + ", eu-west-1, firehose.eu-west-1.amazonaws.com",
        DynamoDbClient.SERVICE_METADATA_ID + ", cn-north-1, dynamodb.cn-north-1.amazonaws.com.cn",
    })
    void everyServiceAClientIsBuiltForHasItsOwnMetadata(String service, String region, String endpoint) {
        // Its own, not the SDK's fallback for services it does not know (which would also get these endpoints right).
        assertNotNull(new GeneratedServiceMetadataProvider().serviceMetadata(service));
        ServiceMetadata metadata = ServiceMetadata.of(service);
        assertEquals(URI.create(endpoint), metadata.endpointFor(Region.of(region)));
        assertEquals(Region.of(region), metadata.signingRegion(Region.of(region)));
    }

    @Test
    void otherServicesHaveNoneSoTheirMetadataIsNeverBuilt() {
        // The SDK's own provider answers every service; this one only the four above.
        assertNull(new GeneratedServiceMetadataProvider().serviceMetadata("sqs"));
    }
}
