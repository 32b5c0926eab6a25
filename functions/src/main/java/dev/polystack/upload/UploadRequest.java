package dev.polystack.upload;

import dev.polystack.shared.DomainException;
import java.util.Base64;

/** A client's request to upload one file, checked against the policy before anything is signed or written. */
public record UploadRequest(
        String fileName, String contentType, long contentLength, UploadMethod method, String checksumSha256) {
    public static final int MAX_FILE_NAME = 255;

    public static UploadRequest of(
            String fileName,
            String contentType,
            Long contentLength,
            String method,
            String checksumSha256,
            UploadPolicy policy) {
        if (fileName == null || contentType == null || contentLength == null || method == null) {
            throw DomainException.missingField("fileName, contentType, contentLength and method are required");
        }
        int length = fileName.codePointCount(0, fileName.length());
        if (length < 1
                || length > MAX_FILE_NAME
                || fileName.codePoints().anyMatch(Character::isISOControl)
                || fileName.isBlank()) {
            throw UploadErrors.invalidFileName(MAX_FILE_NAME);
        }
        if (!policy.allowedContentTypes().contains(contentType)) {
            throw UploadErrors.unsupportedContentType(policy.allowedContentTypes());
        }
        if (contentLength < 1 || contentLength > policy.maxBytes()) {
            throw UploadErrors.invalidContentLength(policy.maxBytes());
        }
        UploadMethod parsedMethod;
        try {
            parsedMethod = UploadMethod.valueOf(method);
        } catch (IllegalArgumentException e) {
            throw UploadErrors.invalidMethod();
        }
        if (checksumSha256 != null && !isSha256(checksumSha256)) {
            throw UploadErrors.invalidChecksum();
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
