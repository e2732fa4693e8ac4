package org.expensetracker.core.document;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.entry.EntryValidator;

/**
 * Object keys of receipts. The owner is part of every key so an object can always be traced to its
 * tenant, and IAM can be scoped by prefix.
 *
 * <ul>
 *   <li>{@code uploads/<ownerId>/<documentId>}: where the presigned PUT lands (quarantine). Anyone
 *       holding a still-valid upload URL can write here, any number of times, so nothing here is
 *       ever served, exported or trusted.</li>
 *   <li>{@code receipts/<ownerId>/<documentId>.<sha256 hex>}: the accepted bytes. Only the
 *       receipt-indexer writes here (IAM and the bucket policy on AWS), it copies exactly the bytes
 *       it checked and hashed, and the key names their hash: a key never holds other bytes.</li>
 * </ul>
 *
 * Documents accepted before uploads were quarantined live at {@code receipts/<ownerId>/<documentId>};
 * their stored object key still names them, and such a key is read as an upload if it is still PENDING.
 */
public final class ReceiptKeys {
    public static final String UPLOAD_PREFIX = "uploads/";
    public static final String PREFIX = "receipts/";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private ReceiptKeys() {
    }

    /** Where the client uploads the document's bytes. */
    public static String upload(OwnerId owner, UUID documentId) {
        return UPLOAD_PREFIX + owner.value() + "/" + documentId;
    }

    /** Where the checked bytes with this SHA-256 (lower-case hex) are kept. */
    public static String accepted(OwnerId owner, UUID documentId, String sha256Hex) {
        if (!SHA256_HEX.matcher(sha256Hex).matches()) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256");
        }
        // A dot, not a slash: the legacy key receipts/<owner>/<document> must not become a "folder" of it.
        return PREFIX + owner.value() + "/" + documentId + "." + sha256Hex;
    }

    /**
     * The small JPEG preview of an accepted receipt, beside it (so the prefix rules that guard the
     * receipt guard its preview too, and removing one by its key names the other).
     */
    public static String preview(String acceptedKey) {
        return acceptedKey + PREVIEW_SUFFIX;
    }

    public static final String PREVIEW_SUFFIX = ".preview.jpg";

    /** The owner and document a key names, and which kind of key it is; empty for a key this application did not make. */
    public static Optional<Parsed> parse(String key) {
        if (key == null) {
            return Optional.empty();
        }
        String[] parts = key.split("/", -1);
        if (key.startsWith(UPLOAD_PREFIX) && parts.length == 3) {
            return parsed(parts, Kind.UPLOAD);
        }
        if (key.startsWith(PREFIX) && parts.length == 3) {
            int dot = parts[2].indexOf('.');
            if (dot < 0) {
                return parsed(parts, Kind.LEGACY);
            }
            if (SHA256_HEX.matcher(parts[2].substring(dot + 1)).matches()) {
                return parsed(new String[] {parts[0], parts[1], parts[2].substring(0, dot)}, Kind.ACCEPTED);
            }
        }
        return Optional.empty();
    }

    private static Optional<Parsed> parsed(String[] parts, Kind kind) {
        if (parts[1].isEmpty()) {
            return Optional.empty();
        }
        try {
            OwnerId owner = new OwnerId(parts[1]);
            return EntryValidator.parseUuid(parts[2]).map(id -> new Parsed(owner, id, kind));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * UPLOAD: a quarantined upload. ACCEPTED: checked bytes, never to be re-indexed or removed by the
     * indexer. LEGACY: a receipt key from before quarantine (accepted bytes, or an upload if its document is PENDING).
     */
    public enum Kind {
        UPLOAD,
        ACCEPTED,
        LEGACY
    }

    public record Parsed(OwnerId owner, UUID documentId, Kind kind) {
    }
}
