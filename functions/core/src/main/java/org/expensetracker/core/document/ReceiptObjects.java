package org.expensetracker.core.document;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/** Where receipt bytes live (S3 on AWS): short-lived signed URLs, and removal. */
public interface ReceiptObjects {

    /** A URL the client PUTs the file to, valid only for exactly the announced type, size (and checksum). */
    UploadUrl uploadUrl(String key, UploadRequest request);

    /** A short-lived URL that downloads the object under its original file name. */
    URI downloadUrl(String key, String fileName, String contentType);

    /** A short-lived URL that shows the object in the browser (inline), with its checked content type pinned. */
    URI viewUrl(String key, String fileName, String contentType);

    /** Removes the object; removing a missing object is not an error. */
    void delete(String key);

    record UploadUrl(URI url, String method, Map<String, String> headers, Instant expiresAt) {
        public UploadUrl {
            headers = Map.copyOf(headers);
        }
    }
}
