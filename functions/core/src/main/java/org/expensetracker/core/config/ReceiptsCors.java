package org.expensetracker.core.config;

import java.util.List;

/**
 * The one CORS rule of the receipts bucket: the site's origins may PUT a file to a presigned
 * upload URL and GET/HEAD a presigned download, sending only the headers such a URL signs. The
 * CDK bucket and the local S3 are both configured from {@link #BROWSER_TRANSFERS}; only the
 * origins differ per environment.
 *
 * @param methods        the HTTP methods a browser may use
 * @param allowedHeaders request headers a preflight may ask for (lower case)
 * @param exposedHeaders response headers a page may read (the ETag of an upload)
 * @param maxAgeSeconds  how long a browser may cache the preflight's answer
 */
public record ReceiptsCors(List<String> methods, List<String> allowedHeaders, List<String> exposedHeaders,
                           int maxAgeSeconds) {

    public static final ReceiptsCors BROWSER_TRANSFERS = new ReceiptsCors(
            List.of("PUT", "GET", "HEAD"),
            // what a presigned PUT signs besides Host and Content-Length (which the browser sets itself)
            List.of("content-type", "x-amz-checksum-sha256", "x-amz-sdk-checksum-algorithm"),
            List.of("ETag"),
            3600);

    public ReceiptsCors {
        methods = List.copyOf(methods);
        allowedHeaders = List.copyOf(allowedHeaders);
        exposedHeaders = List.copyOf(exposedHeaders);
    }
}
