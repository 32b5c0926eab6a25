package dev.polystack.upload.handler;

import dev.polystack.app.AppContext;
import dev.polystack.shared.lambda.ObjectCreatedFunction;
import dev.polystack.upload.UploadService;

/** Invoked by S3's {@code ObjectCreated} notification: verifies each finished upload against its record. */
public final class UploadCompletedHandler extends ObjectCreatedFunction {
    private final UploadService uploads;

    public UploadCompletedHandler() {
        this(AppContext.fromEnvironment().uploads());
    }

    public UploadCompletedHandler(UploadService uploads) {
        this.uploads = uploads;
    }

    @Override
    protected String objectCreated(String key) {
        return uploads.complete(key).name();
    }
}
