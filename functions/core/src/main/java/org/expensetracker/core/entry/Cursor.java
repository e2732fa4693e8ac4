package org.expensetracker.core.entry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import org.expensetracker.core.error.DomainException;

/**
 * A keyset position: the sort key of the last row served and its id (the tie-breaker). Opaque to
 * clients; a cursor that does not decode is a validation error, never a server error.
 */
public record Cursor(String sortKey, UUID id) {
    private static final String VERSION = "1";

    public Cursor {
        Objects.requireNonNull(sortKey, "sortKey");
        Objects.requireNonNull(id, "id");
        if (sortKey.contains("|")) {
            throw new IllegalArgumentException("sort key must not contain |");
        }
    }

    public String encode() {
        String raw = VERSION + "|" + sortKey + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String text) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", -1);
            if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[1].isEmpty()) {
                throw invalid();
            }
            return new Cursor(parts[1], EntryValidator.parseUuid(parts[2]).orElseThrow(Cursor::invalid));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    static DomainException invalid() {
        return DomainException.validation("cursor", "is not a cursor this API returned");
    }
}
