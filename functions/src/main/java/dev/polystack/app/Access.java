package dev.polystack.app;

import dev.polystack.upload.Upload;
import dev.polystack.user.ExportService;
import java.util.List;

/**
 * One narrow permission a function needs: the IAM actions and the one resource (or key prefixes)
 * they apply to. The CDK stack and {@code template.yaml} both turn each into one statement; the
 * function itself is told its set (variable {@link FunctionSpec#ACCESS_VARIABLE}) and primes only those calls.
 */
public enum Access {
    TABLE_GET(Resource.TABLE, List.of(), "dynamodb:GetItem"),
    TABLE_PUT(Resource.TABLE, List.of(), "dynamodb:PutItem"),
    /** TransactWriteItems needs the permission of each action it contains. */
    TABLE_TRANSACT_PUT(Resource.TABLE, List.of(), "dynamodb:PutItem", "dynamodb:ConditionCheckItem"),
    TABLE_UPDATE(Resource.TABLE, List.of(), "dynamodb:UpdateItem"),
    TABLE_DELETE(Resource.TABLE, List.of(), "dynamodb:DeleteItem"),
    TABLE_QUERY(Resource.TABLE, List.of(), "dynamodb:Query"),
    TABLE_DESCRIBE(Resource.TABLE, List.of(), "dynamodb:DescribeTable"),
    DATA_API_STATEMENT(Resource.DATABASE, List.of(), "rds-data:ExecuteStatement"),
    DATA_API_TRANSACTION(
            Resource.DATABASE,
            List.of(),
            "rds-data:BeginTransaction",
            "rds-data:ExecuteStatement",
            "rds-data:CommitTransaction",
            "rds-data:RollbackTransaction"),
    /** Presigned PUT URLs and POST policies are signed with the function's role: it must be allowed to put. */
    UPLOADS_PUT(Resource.OBJECTS, List.of(Upload.KEY_PREFIX), "s3:PutObject"),
    UPLOADS_GET(Resource.OBJECTS, List.of(Upload.KEY_PREFIX), "s3:GetObject"),
    UPLOADS_DELETE(Resource.OBJECTS, List.of(Upload.KEY_PREFIX), "s3:DeleteObject"),
    /** Marks an object the lifecycle rule expires, when deleting it failed. */
    UPLOADS_TAG(Resource.OBJECTS, List.of(Upload.KEY_PREFIX), "s3:PutObjectTagging"),
    /** Product images, under products/: the only prefix the CDN may read. */
    PRODUCT_IMAGES_PUT(Resource.OBJECTS, List.of(Upload.PRODUCT_IMAGE_PREFIX), "s3:PutObject"),
    PRODUCT_IMAGES_GET(Resource.OBJECTS, List.of(Upload.PRODUCT_IMAGE_PREFIX), "s3:GetObject"),
    PRODUCT_IMAGES_DELETE(Resource.OBJECTS, List.of(Upload.PRODUCT_IMAGE_PREFIX), "s3:DeleteObject"),
    PRODUCT_IMAGES_TAG(Resource.OBJECTS, List.of(Upload.PRODUCT_IMAGE_PREFIX), "s3:PutObjectTagging"),
    /** Data exports, under exports/: written by the export function, read through the URL it presigns with its role. */
    EXPORTS_PUT(Resource.OBJECTS, List.of(ExportService.KEY_PREFIX), "s3:PutObject"),
    EXPORTS_GET(Resource.OBJECTS, List.of(ExportService.KEY_PREFIX), "s3:GetObject"),
    BUCKET_LIST(Resource.BUCKET, List.of(), "s3:ListBucket"),
    /**
     * Listing under uploads/ and products/ only (condition s3:prefix): with it S3 answers a HEAD of a
     * missing object 404, without it 403, which the completion function could not tell from a real
     * denial; and it finds a product's older images to delete.
     */
    UPLOADS_LIST(Resource.BUCKET, List.of(Upload.KEY_PREFIX, Upload.PRODUCT_IMAGE_PREFIX), "s3:ListBucket"),
    /** A user's objects, under {@code uploads/<userId>/} and {@code exports/<userId>/}: what an erasure deletes (DeleteObjects checks s3:DeleteObject per key). */
    ACCOUNT_OBJECTS_DELETE(Resource.OBJECTS, List.of(Upload.KEY_PREFIX, ExportService.KEY_PREFIX), "s3:DeleteObject"),
    /** Listing under uploads/ and exports/ only (condition s3:prefix), to find a user's objects. */
    ACCOUNT_OBJECTS_LIST(Resource.BUCKET, List.of(Upload.KEY_PREFIX, ExportService.KEY_PREFIX), "s3:ListBucket"),
    /** An entry in the recovery ledger (its own table): written before every revocation, password change and erasure. */
    LEDGER_RECORD(Resource.LEDGER, List.of(), "dynamodb:PutItem"),
    /** The ledger read by a recovery: entries since the restore point (Query by day) and its checkpoints (GetItem, PutItem). */
    LEDGER_REPLAY(Resource.LEDGER, List.of(), "dynamodb:Query", "dynamodb:GetItem", "dynamodb:PutItem"),
    /** The completion function's failure destination (Lambda's SQS destination needs all three). */
    FAILED_EVENTS_SEND(Resource.QUEUE, List.of(), "sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl");

    /** What a statement names as its resource. */
    public enum Resource {
        /** The single DynamoDB table. */
        TABLE,
        /** The Aurora cluster (Data API); the statement comes with read access to the cluster's secret. */
        DATABASE,
        /** The upload bucket itself; with prefixes, the statement allows them only (condition {@code s3:prefix}). */
        BUCKET,
        /** Objects of the upload bucket under each prefix. */
        OBJECTS,
        /** The failed upload events queue. */
        QUEUE,
        /** The recovery ledger's table, which no backup restore rolls back. */
        LEDGER
    }

    private final Resource resource;
    private final List<String> prefixes;
    private final List<String> actions;

    Access(Resource resource, List<String> prefixes, String... actions) {
        this.resource = resource;
        this.prefixes = prefixes;
        this.actions = List.of(actions);
    }

    public Resource resource() {
        return resource;
    }

    /** For {@link Resource#OBJECTS} the key prefixes; for {@link Resource#BUCKET} the listing's {@code s3:prefix} values (none: unconditioned). */
    public List<String> prefixes() {
        return prefixes;
    }

    public List<String> actions() {
        return actions;
    }

    public boolean needsDatabaseSecret() {
        return resource == Resource.DATABASE;
    }
}
