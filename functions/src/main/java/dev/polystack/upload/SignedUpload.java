package dev.polystack.upload;

import java.time.Instant;
import java.util.Map;

/**
 * Where and how the client sends the bytes: for PUT, the URL and the headers it must send as signed;
 * for POST, the form's action URL and the fields to send before the file.
 */
public record SignedUpload(String url, Map<String, String> headers, Map<String, String> fields, Instant expiresAt) {}
