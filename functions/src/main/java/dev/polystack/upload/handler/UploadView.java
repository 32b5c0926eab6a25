package dev.polystack.upload.handler;

import dev.polystack.upload.Upload;

/** One upload as the API shows it to its owner. */
record UploadView(
        String uploadId,
        String fileName,
        String contentType,
        long contentLength,
        String status,
        String rejectionReason,
        String createdAt,
        String downloadUrl) {

    static UploadView of(Upload upload, String downloadUrl) {
        return new UploadView(
                upload.uploadId(),
                upload.fileName(),
                upload.contentType(),
                upload.contentLength(),
                upload.status().name(),
                upload.rejectionReason(),
                upload.createdAt().toString(),
                downloadUrl);
    }
}
