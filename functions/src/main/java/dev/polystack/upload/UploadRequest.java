package dev.polystack.upload;

import dev.polystack.shared.DomainException;
import java.util.Base64;

/** A client's request to upload one file, checked against the policy before anything is signed or written. */
public record UploadRequest(String fileName, String contentType, long contentLength, UploadMethod method, String checksumSha256) {
    public static final int MAX_FILE_NAME = 255;

    public static UploadRequest of(String fileName, String contentType, Long contentLength, String method, String checksumSha256, UploadPolicy policy) {
        if (fileName == null || contentType == null || contentLength == null || method == null) {
            throw DomainException.invalid("MISSING_FIELD", "fileName, contentType, contentLength and method are required");
        }
        int length = fileName.codePointCount(0, fileName.length());
        if (length < 1 || length > MAX_FILE_NAME || fileName.codePoints().anyMatch(Character::isISOControl) || fileName.isBlank()) {
            throw DomainException.invalid("INVALID_FILE_NAME", "fileName must be 1 to " + MAX_FILE_NAME + " characters without control characters");
        }
        if (!policy.allowedContentTypes().contains(contentType)) {
            throw DomainException.invalid("UNSUPPORTED_CONTENT_TYPE", "contentType must be one of " + policy.allowedContentTypes().stream().sorted().toList());
        }
        if (contentLength < 1 || contentLength > policy.maxBytes()) {
            throw DomainException.invalid("INVALID_CONTENT_LENGTH", "contentLength must be 1 to " + policy.maxBytes() + " bytes");
        }
        UploadMethod parsedMethod;
        try {
            parsedMethod = UploadMethod.valueOf(method);
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("INVALID_METHOD", "method must be PUT or POST");
        }
        if (checksumSha256 != null && !isSha256(checksumSha256)) {
            throw DomainException.invalid("INVALID_CHECKSUM", "checksumSha256 must be the base64 of a 32-byte SHA-256 digest");
        }
        return new UploadRequest(fileName, contentType, contentLength, parsedMethod, checksumSha256);
    }

    private static boolean isSha256(String value) {
        try {
            return value.length() == 44 && Base64.getDecoder().decode(value).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
