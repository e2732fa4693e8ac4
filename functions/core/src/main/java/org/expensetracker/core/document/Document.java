package org.expensetracker.core.document;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A receipt attached to an entry. {@code rejectReason} is set for REJECTED documents;
 * {@code duplicateOf} names an earlier receipt of the same owner with identical content.
 */
public record Document(
        UUID id,
        UUID entryId,
        String fileName,
        String contentType,
        long sizeBytes,
        DocumentStatus status,
        String rejectReason,
        UUID duplicateOf,
        Map<String, String> metadata,
        Instant createdAt) {

    public Document {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(status, "status");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
