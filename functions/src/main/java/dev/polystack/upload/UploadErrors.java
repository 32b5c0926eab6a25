package dev.polystack.upload;

import dev.polystack.shared.DomainException;
import java.util.Collection;

/** The upload context's failures, with their stable codes. */
public final class UploadErrors {
    private UploadErrors() {}

    public static DomainException invalidFileName(int maxLength) {
        return DomainException.invalid(
                "INVALID_FILE_NAME", "fileName must be 1 to " + maxLength + " characters without control characters");
    }

    public static DomainException unsupportedContentType(Collection<String> allowed) {
        return DomainException.invalid(
                "UNSUPPORTED_CONTENT_TYPE",
                "contentType must be one of " + allowed.stream().sorted().toList());
    }

    public static DomainException invalidMethod() {
        return DomainException.invalid("INVALID_METHOD", "method must be PUT or POST");
    }

    public static DomainException invalidContentLength(long maxBytes) {
        return DomainException.invalid("INVALID_CONTENT_LENGTH", "contentLength must be 1 to " + maxBytes + " bytes");
    }

    public static DomainException invalidChecksum() {
        return DomainException.invalid(
                "INVALID_CHECKSUM", "checksumSha256 must be the base64 of a 32-byte SHA-256 digest");
    }

    public static DomainException uploadNotFound() {
        return DomainException.notFound("UPLOAD_NOT_FOUND", "no such upload");
    }

    public static DomainException productNotFound() {
        return DomainException.notFound("PRODUCT_NOT_FOUND", "no such product");
    }
}
