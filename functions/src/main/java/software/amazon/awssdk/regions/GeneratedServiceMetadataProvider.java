package software.amazon.awssdk.regions;

import software.amazon.awssdk.regions.servicemetadata.DynamodbServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.EnhancedS3ServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.FirehoseServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.RdsDataServiceMetadata;

/**
 * Takes the place of the SDK's class of the same name in {@code functions.jar} (the project's classes
 * come first on every class path and in the shaded jar). The SDK's version builds, in its static
 * initialiser, the metadata object of every AWS service, about 310 classes, the first time any client
 * is built: {@code AwsDefaultClientBuilder.resolveSigningRegion} calls {@code ServiceMetadata.of} for
 * every client, endpoint override or not. The functions build clients for four services only (DynamoDB, S3, the Data API, and Firehose for the order lake), so this
 * one makes only theirs, on demand. For any other service it answers null, and {@code ServiceMetadata.of}
 * then uses the SDK's {@code DefaultServiceMetadata} ({@code <prefix>.<region>.<partition suffix>});
 * a client for another service should be added here ({@code ServiceMetadataProviderTest} lists the
 * clients {@code AwsClients} builds).
 */
public final class GeneratedServiceMetadataProvider implements ServiceMetadataProvider {
    @Override
    public ServiceMetadata serviceMetadata(String endpointPrefix) {
        return switch (endpointPrefix) {
            case "dynamodb" -> new DynamodbServiceMetadata();
            case "s3" -> new EnhancedS3ServiceMetadata();
            case "rds-data" -> new RdsDataServiceMetadata();
            case "firehose" -> new FirehoseServiceMetadata();
            default -> null;
        };
    }
}
