package org.expensetracker.local.s3;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.net.URLDecoder;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the deployed receipts bucket enforces and S3Proxy does not, checked before S3Proxy sees a
 * request:
 * <ul>
 * <li><b>ACLs disabled</b> (Object Ownership "bucket owner enforced"): a request that sets an ACL
 *     ({@code x-amz-acl} other than {@code bucket-owner-full-control}, any {@code x-amz-grant-*},
 *     or a PUT of {@code ?acl}) fails with 400 {@code AccessControlListNotSupported}, as S3 answers.
 *     S3Proxy would store a {@code public-read} ACL and then serve the object to anyone.</li>
 * <li><b>No anonymous access</b>: a request with neither an Authorization header nor a presigned
 *     signature is 403 {@code AccessDenied}, whatever ACL an object was stored with before.</li>
 * <li><b>Presigned requests carry only what was signed</b>: an {@code x-amz-*} header the URL did
 *     not sign fails with 403 {@code AccessDenied} ("There were headers present in the request
 *     which were not signed"), as on S3. Locally the headers S3 would store and serve back with the
 *     object (Content-Type, Cache-Control, Content-Encoding, Content-Disposition, Content-Language,
 *     Expires) must be signed too: stricter than S3, which stores them unsigned; the deployed side
 *     gets the same effect because the receipt-indexer copies an upload with fresh metadata.</li>
 * </ul>
 * CORS preflights pass untouched (S3Proxy answers them from the shared rule), and refusals carry
 * the CORS headers an allowed origin needs to read them.
 */
final class BucketPolicyFilter implements Filter {
    static final String HEADERS_NOT_SIGNED = "There were headers present in the request which were not signed";
    private static final Set<String> STORED_HEADERS = Set.of("content-type", "cache-control", "content-encoding",
            "content-disposition", "content-language", "expires");
    /** The payload hash is part of how a request is signed, not something stored. */
    private static final Set<String> SIGNING_HEADERS = Set.of("x-amz-content-sha256");

    private static final int DRAINED_BODY_BYTES = 1024 * 1024;

    private final List<String> corsOrigins;
    private final List<String> exposedHeaders;

    BucketPolicyFilter(List<String> corsOrigins, List<String> exposedHeaders) {
        this.corsOrigins = List.copyOf(corsOrigins);
        this.exposedHeaders = List.copyOf(exposedHeaders);
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        if ("OPTIONS".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        Map<String, String> query = query(request.getQueryString());
        if (setsAnAcl(request, query)) {
            refuse(request, response, 400, "AccessControlListNotSupported", "The bucket does not allow ACLs", null);
            return;
        }
        boolean presigned = query.containsKey("X-Amz-Signature") || query.containsKey("Signature");
        if (!presigned && request.getHeader("Authorization") == null) {
            refuse(request, response, 403, "AccessDenied", "Access Denied", null);
            return;
        }
        String signedHeaders = query.get("X-Amz-SignedHeaders");
        if (presigned && signedHeaders != null) {
            List<String> unsigned = unsignedHeaders(request, Set.of(signedHeaders.toLowerCase(Locale.ROOT).split(";")));
            if (!unsigned.isEmpty()) {
                refuse(request, response, 403, "AccessDenied", HEADERS_NOT_SIGNED, String.join(",", unsigned));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean setsAnAcl(HttpServletRequest request, Map<String, String> query) {
        String acl = request.getHeader("x-amz-acl");
        if (acl != null && !acl.trim().equalsIgnoreCase("bucket-owner-full-control")) {
            return true;
        }
        for (String name : Collections.list(request.getHeaderNames())) {
            if (name.toLowerCase(Locale.ROOT).startsWith("x-amz-grant-")) {
                return true;
            }
        }
        return "PUT".equals(request.getMethod()) && query.containsKey("acl");
    }

    /**
     * The query's parameters, read from the raw query string: the servlet API's getParameter would
     * read a form-encoded body too, and a body is S3Proxy's to read.
     */
    static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                parameters.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException badEscape) {
                parameters.putIfAbsent(name, value); // S3Proxy will refuse it; this filter only needs the names
            }
        }
        return parameters;
    }

    private static List<String> unsignedHeaders(HttpServletRequest request, Set<String> signed) {
        List<String> unsigned = new ArrayList<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean mustBeSigned = (lower.startsWith("x-amz-") && !SIGNING_HEADERS.contains(lower))
                    || STORED_HEADERS.contains(lower);
            if (mustBeSigned && !signed.contains(lower)) {
                unsigned.add(lower);
            }
        }
        return unsigned;
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String code,
                        String message, String headersNotSigned) throws IOException {
        String origin = request.getHeader("Origin");
        if (origin != null && corsOrigins.contains(origin)) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Expose-Headers", String.join(", ", exposedHeaders));
            response.setHeader("Vary", "Origin");
        }
        String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>")
                .append(code).append("</Code><Message>").append(message).append("</Message>");
        if (headersNotSigned != null) {
            xml.append("<HeadersNotSigned>").append(escape(headersNotSigned)).append("</HeadersNotSigned>");
        }
        xml.append("<RequestId>").append(requestId).append("</RequestId></Error>");
        byte[] body = xml.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("x-amz-request-id", requestId);
        response.setContentType("application/xml");
        response.setContentLength(body.length);
        drainSmallBody(request, response);
        response.getOutputStream().write(body);
    }

    /**
     * Reads a small refused body before answering, so that a client which waits for "100 Continue"
     * before sending it (the SDK's HttpURLConnection client does) reads the error instead of
     * failing on a closed stream; anything larger is not read, and the connection is closed.
     */
    private static void drainSmallBody(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long length = request.getContentLengthLong();
        if (length > 0 && length <= DRAINED_BODY_BYTES) {
            request.getInputStream().readNBytes((int) length);
        } else if (length != 0) {
            response.setHeader("Connection", "close");
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
