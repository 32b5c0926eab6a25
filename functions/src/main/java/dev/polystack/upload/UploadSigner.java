package dev.polystack.upload;

import java.time.Duration;
import java.time.Instant;

/** Signs upload and download requests locally: no call to S3. */
public interface UploadSigner {
    SignedUpload signPut(
            String key, String contentType, long contentLength, String checksumSha256, Instant now, Duration lifetime);

    SignedUpload signPost(String key, String contentType, long maxBytes, Instant now, Duration lifetime);

    String signGet(String key, Duration lifetime);
}
