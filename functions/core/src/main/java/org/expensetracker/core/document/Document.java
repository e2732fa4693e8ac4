package org.expensetracker.core.document;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A receipt, attached to an entry or, when captured first, waiting for one ({@code entryId} null). {@code rejectReason} is set for REJECTED documents;
 * {@code duplicateOf} names an earlier receipt of the same owner with identical content;
 * {@code extracted} is what reading the receipt found, null until it was read.
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
        Instant createdAt,
        ReceiptReading extracted) {

    public Document {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(status, "status");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
