package dev.polystack.infra;

/** One narrow permission a function needs; {@link PolystackStack} turns each into an IAM statement on one resource. */
enum Access {
    TABLE_GET("dynamodb:GetItem"),
    TABLE_PUT("dynamodb:PutItem"),
    /** TransactWriteItems needs the permission of each action it contains. */
    TABLE_TRANSACT_PUT("dynamodb:PutItem", "dynamodb:ConditionCheckItem"),
    TABLE_UPDATE("dynamodb:UpdateItem"),
    TABLE_DELETE("dynamodb:DeleteItem"),
    TABLE_QUERY("dynamodb:Query"),
    TABLE_DESCRIBE("dynamodb:DescribeTable"),
    DATA_API_STATEMENT("rds-data:ExecuteStatement"),
    DATA_API_TRANSACTION("rds-data:BeginTransaction", "rds-data:ExecuteStatement", "rds-data:CommitTransaction", "rds-data:RollbackTransaction"),
    /** Presigned PUT URLs and POST policies are signed with the function's role: it must be allowed to put. */
    UPLOADS_PUT("s3:PutObject"),
    UPLOADS_GET("s3:GetObject"),
    UPLOADS_DELETE("s3:DeleteObject"),
    /** Marks an object the lifecycle rule expires, when deleting it failed. */
    UPLOADS_TAG("s3:PutObjectTagging"),
    /** Product images, under products/: the only prefix the CDN may read. */
    PRODUCT_IMAGES_PUT("s3:PutObject"),
    PRODUCT_IMAGES_GET("s3:GetObject"),
    PRODUCT_IMAGES_DELETE("s3:DeleteObject"),
    PRODUCT_IMAGES_TAG("s3:PutObjectTagging"),
    /** Data exports, under exports/: written by the export function, read through the URL it presigns with its role. */
    EXPORTS_PUT("s3:PutObject"),
    EXPORTS_GET("s3:GetObject"),
    BUCKET_LIST("s3:ListBucket"),
    /**
     * Listing under uploads/ and products/ only (condition s3:prefix): with it S3 answers a HEAD of a
     * missing object 404, without it 403, which the completion function could not tell from a real
     * denial; and it finds a product's older images to delete.
     */
    UPLOADS_LIST("s3:ListBucket"),
    /** A user's objects, under {@code uploads/<userId>/} and {@code exports/<userId>/}: what an erasure deletes (DeleteObjects checks s3:DeleteObject per key). */
    ACCOUNT_OBJECTS_DELETE("s3:DeleteObject"),
    /** Listing under uploads/ and exports/ only (condition s3:prefix), to find a user's objects. */
    ACCOUNT_OBJECTS_LIST("s3:ListBucket"),
    /** The completion function's failure destination (Lambda's SQS destination needs all three). */
    FAILED_EVENTS_SEND("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl");

    final String[] actions;

    Access(String... actions) {
        this.actions = actions;
    }

    boolean needsDatabaseSecret() {
        return this == DATA_API_STATEMENT || this == DATA_API_TRANSACTION;
    }
}
