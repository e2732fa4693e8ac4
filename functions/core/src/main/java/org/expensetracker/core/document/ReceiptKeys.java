package org.expensetracker.core.document;

import java.util.Optional;
import java.util.UUID;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.entry.EntryValidator;

/**
 * Object keys of receipts: {@code receipts/<ownerId>/<documentId>}. The owner is part of the key
 * so an object can always be traced to its tenant, and IAM can be scoped by prefix.
 */
public final class ReceiptKeys {
    public static final String PREFIX = "receipts/";

    private ReceiptKeys() {
    }

    public static String of(OwnerId owner, UUID documentId) {
        return PREFIX + owner.value() + "/" + documentId;
    }

    /** The owner and document a key names, or empty for a key this application did not make. */
    public static Optional<Parsed> parse(String key) {
        if (key == null || !key.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = key.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash < 1 || rest.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        try {
            OwnerId owner = new OwnerId(rest.substring(0, slash));
            return EntryValidator.parseUuid(rest.substring(slash + 1)).map(id -> new Parsed(owner, id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public record Parsed(OwnerId owner, UUID documentId) {
    }
}
