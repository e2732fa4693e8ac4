package org.expensetracker.local.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The body S3 sends to an SQS queue for an object-created event (event structure version 2.1), field by field
 * as S3 writes it, so the consumer parses local and real events with the same code.
 */
final class S3EventMessage {
    static final String PUT = "ObjectCreated:Put";
    static final String COPY = "ObjectCreated:Copy";
    static final String COMPLETE_MULTIPART_UPLOAD = "ObjectCreated:CompleteMultipartUpload";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Who did it: locally always the one identity S3Proxy accepts. */
    private static final String PRINCIPAL = "AWS:local";
    private static final String OWNER = "local";
    /**
     * S3's sequencer orders events of one key: a hex string that grows with each write. Seeded from the clock
     * (microseconds) so it also grows across restarts.
     */
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private S3EventMessage() {
    }

    static String json(NotificationRule rule, String eventName, String bucket, String key, long size, String eTag,
                       Instant time) {
        ObjectNode record = JSON.createObjectNode();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", "us-east-1");
        record.put("eventTime", EVENT_TIME.format(time));
        record.put("eventName", eventName);
        record.putObject("userIdentity").put("principalId", PRINCIPAL);
        record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        ObjectNode response = record.putObject("responseElements");
        response.put("x-amz-request-id", HexFormat.of().withUpperCase().formatHex(randomBytes(8)));
        response.put("x-amz-id-2", Base64.getEncoder().encodeToString(randomBytes(48)));
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", rule.configurationId());
        ObjectNode bucketNode = s3.putObject("bucket");
        bucketNode.put("name", bucket);
        bucketNode.putObject("ownerIdentity").put("principalId", OWNER);
        bucketNode.put("arn", "arn:aws:s3:::" + bucket);
        ObjectNode object = s3.putObject("object");
        object.put("key", encodeKey(key));
        object.put("size", size);
        object.put("eTag", unquote(eTag));
        object.put("sequencer", nextSequencer());
        ObjectNode message = JSON.createObjectNode();
        message.putArray("Records").add(record);
        return message.toString();
    }

    /** Keys in events are URL-encoded the way S3 does it: form encoding (space as '+'), with '/' left as is. */
    static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    /** S3 stores the ETag quoted; events carry it bare. */
    static String unquote(String eTag) {
        if (eTag == null) {
            return null;
        }
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"") ? eTag.substring(1, eTag.length() - 1) : eTag;
    }

    static String nextSequencer() {
        long micros = Instant.now().toEpochMilli() * 1000;
        long next = SEQUENCE.updateAndGet(last -> Math.max(last + 1, micros));
        return String.format("%018X", next);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
