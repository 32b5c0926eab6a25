package dev.polystack.local.s3;

/** What S3 would announce in an {@code ObjectCreated} notification. */
public record ObjectCreated(String eventName, String bucket, String key, long size, String eTag) {}
