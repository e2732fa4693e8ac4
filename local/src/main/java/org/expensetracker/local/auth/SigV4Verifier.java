package org.expensetracker.local.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks AWS Signature Version 4 on a request as the real service does: the Authorization header
 * names an access key, a credential scope and the signed headers, and its signature must be the one
 * computed here from the canonical request with that key's secret. Requests without a signature,
 * with an unknown key or with a signature that does not match are refused with the real service's
 * error types (403), so an unsigned request (a web page posting at the port, a stray script) never
 * reaches the database.
 */
public final class SigV4Verifier {
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** AWS accepts a signature up to 15 minutes off the server's clock. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(15);

    private final Function<String, String> secretOfAccessKey;
    private final String service;

    public SigV4Verifier(Function<String, String> secretOfAccessKey, String service) {
        this.secretOfAccessKey = secretOfAccessKey;
        this.service = service;
    }

    /**
     * @param headers every header of the request, names in any case (the first value of each)
     * @throws Rejected 403 MissingAuthenticationTokenException, UnrecognizedClientException,
     *                          InvalidSignatureException
     */
    public void verify(String method, URI uri, Map<String, String> headers, byte[] body, Instant now) {
        String authorization = header(headers, "authorization");
        if (authorization == null || !authorization.startsWith(ALGORITHM + " ")) {
            throw new Rejected("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : authorization.substring(ALGORITHM.length() + 1).split(",")) {
            String item = part.strip();
            if (item.startsWith("Credential=")) {
                credential = item.substring("Credential=".length());
            } else if (item.startsWith("SignedHeaders=")) {
                signedHeaders = item.substring("SignedHeaders=".length());
            } else if (item.startsWith("Signature=")) {
                signature = item.substring("Signature=".length());
            }
        }
        String[] scope = credential == null ? new String[0] : credential.split("/");
        if (scope.length != 5 || signedHeaders == null || signature == null || !"aws4_request".equals(scope[4])) {
            throw invalid("Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.");
        }
        String secret = secretOfAccessKey.apply(scope[0]);
        if (secret == null) {
            throw new Rejected("UnrecognizedClientException", 403,
                    "The security token included in the request is invalid.");
        }
        String amzDate = header(headers, "x-amz-date");
        Instant signedAt;
        try {
            signedAt = amzDate == null ? null : Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            signedAt = null;
        }
        if (signedAt == null || !amzDate.startsWith(scope[1])) {
            throw invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.");
        }
        if (Duration.between(signedAt, now).abs().compareTo(CLOCK_SKEW) > 0) {
            throw invalid("Signature expired: " + amzDate + " is now earlier or later than 15 minutes from the server's time.");
        }
        if (!service.equals(scope[3])) {
            throw invalid("Credential should be scoped to correct service: '" + service + "'.");
        }
        List<String> names = List.of(signedHeaders.split(";"));
        if (!names.contains("host")) {
            throw invalid("'Host' must be a signed header.");
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : names) {
            String value = header(headers, name);
            if (value == null) {
                throw invalid("The request signature we calculated does not match the signature you provided.");
            }
            canonicalHeaders.append(name).append(':').append(value.strip().replaceAll("\\s+", " ")).append('\n');
        }
        String canonicalRequest = method + '\n'
                + canonicalPath(uri.getRawPath()) + '\n'
                + canonicalQuery(uri.getRawQuery()) + '\n'
                + canonicalHeaders + '\n'
                + signedHeaders + '\n'
                + hex(sha256(body));
        String credentialScope = scope[1] + "/" + scope[2] + "/" + scope[3] + "/aws4_request";
        String stringToSign = ALGORITHM + '\n' + amzDate + '\n' + credentialScope + '\n'
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope[1]);
        key = hmac(key, scope[2]);
        key = hmac(key, scope[3]);
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, stringToSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            throw invalid("The request signature we calculated does not match the signature you provided. Check your AWS"
                    + " Secret Access Key and signing method. Consult the service documentation for details.");
        }
    }

    private static Rejected invalid(String message) {
        return new Rejected("InvalidSignatureException", 403, message);
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    /** Non-S3 services sign the path URI-encoded once more (each segment, as sent). */
    private static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) {
            segments.add(encode(segment));
        }
        return String.join("/", segments);
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            pairs.add(encode(decode(name)) + "=" + encode(decode(value)));
        }
        pairs.sort(null);
        return String.join("&", pairs);
    }

    private static String decode(String text) {
        return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** RFC 3986 unreserved characters stay, everything else is %XX (upper case). */
    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** A refused signature, with the error type and status the real services answer. */
    public static final class Rejected extends RuntimeException {
        private final String errorType;
        private final int status;

        Rejected(String errorType, int status, String message) {
            super(message, null, false, false);
            this.errorType = errorType;
            this.status = status;
        }

        public String errorType() {
            return errorType;
        }

        public int status() {
            return status;
        }
    }
}
