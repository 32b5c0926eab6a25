package dev.polystack.upload;

public enum UploadMethod {
    /** A presigned PUT URL: type, length (and checksum) are signed, so S3 refuses anything else. */
    PUT,
    /** A browser form POST under a signed policy: exact key, type, and a length range. */
    POST
}
