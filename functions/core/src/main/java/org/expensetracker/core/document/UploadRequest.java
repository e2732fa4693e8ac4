package org.expensetracker.core.document;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.expensetracker.core.entry.EntryValidator;
import org.expensetracker.core.error.DomainException;
import org.expensetracker.core.error.ErrorCode;
import org.expensetracker.core.error.FieldError;

/**
 * What a client announces before uploading a receipt. The content type and size become part of
 * the presigned URL's signature, so S3 refuses any other upload; the indexer checks the real bytes.
 *
 * @param sha256Base64 the announced SHA-256 in the base64 form S3's x-amz-checksum-sha256 takes, or null
 */
public record UploadRequest(UUID documentId, String fileName, String contentType, long sizeBytes, String sha256Base64) {
    public static final Set<String> ALLOWED_TYPES =
            Set.of("image/jpeg", "image/png", "image/webp", "image/heic", "application/pdf");
    public static final long MAX_BYTES = 20L * 1024 * 1024;
    public static final int MAX_FILE_NAME = 255;

    public UploadRequest {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(fileName, "fileName");
        if (!ALLOWED_TYPES.contains(contentType) || sizeBytes < 1 || sizeBytes > MAX_BYTES) {
            throw new IllegalArgumentException("not an allowed upload");
        }
    }

    /**
     * Validates the announcement. A type outside the allow-list is 415 and a size over the limit
     * is 413 (checked before any URL exists); other problems are field errors.
     */
    public static UploadRequest parse(String id, String fileName, String contentType, Long sizeBytes, String sha256) {
        List<FieldError> errors = new ArrayList<>();
        UUID documentId = id == null ? UUID.randomUUID() : EntryValidator.parseUuid(id).orElse(null);
        if (documentId == null) {
            errors.add(new FieldError("id", "must be a UUID"));
        }
        String name = fileName == null ? null : baseName(fileName.strip());
        if (name == null || name.isEmpty()) {
            errors.add(new FieldError("fileName", "is required"));
        } else if (name.codePointCount(0, name.length()) > MAX_FILE_NAME || hasControl(name)) {
            errors.add(new FieldError("fileName", "must be at most " + MAX_FILE_NAME + " printable characters"));
        }
        if (sizeBytes == null) {
            errors.add(new FieldError("sizeBytes", "is required"));
        } else if (sizeBytes < 1) {
            errors.add(new FieldError("sizeBytes", "must be at least 1"));
        }
        String checksum = null;
        if (sha256 != null && !sha256.isBlank()) {
            checksum = checksum(sha256.strip());
            if (checksum == null) {
                errors.add(new FieldError("sha256", "must be a SHA-256 digest in hex (64 characters) or base64"));
            }
        }
        if (contentType == null || contentType.isBlank()) {
            errors.add(new FieldError("contentType", "is required"));
        }
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        String type = contentType.strip().toLowerCase(Locale.ROOT);
        if (!ALLOWED_TYPES.contains(type)) {
            throw new DomainException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Receipts can be JPEG, PNG, WebP, HEIC images or PDF documents.",
                    List.of(new FieldError("contentType", "must be one of " + String.join(", ", ALLOWED_TYPES.stream().sorted().toList()))));
        }
        if (sizeBytes > MAX_BYTES) {
            throw new DomainException(ErrorCode.PAYLOAD_TOO_LARGE, "Receipts can be at most 20 MiB.",
                    List.of(new FieldError("sizeBytes", "must be at most " + MAX_BYTES)));
        }
        return new UploadRequest(documentId, name, type, sizeBytes, checksum);
    }

    /** Phones sometimes send a path; only the last segment is the file's name. */
    private static String baseName(String name) {
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return name.substring(slash + 1);
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static String checksum(String text) {
        try {
            if (text.length() == 64) {
                return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(text));
            }
            byte[] digest = Base64.getDecoder().decode(text);
            return digest.length == 32 ? Base64.getEncoder().encodeToString(digest) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
