package org.expensetracker.receiptindexer.content;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ReceiptAnalyzer} found out about one uploaded receipt.
 *
 * @param actualSize      bytes received; when the content was longer than {@link AnalysisLimits#maxBytes()}
 *                        reading stopped and this is {@code maxBytes + 1}
 * @param sha256          lower-case hex SHA-256 of the bytes received (of the first {@code actualSize} bytes)
 * @param sniffedType     media type recognised from the content ({@link ContentType#mimeType()}),
 *                        or {@code null} when the content is not a supported receipt type
 * @param text            searchable text: whitespace runs collapsed to one space, trimmed, at most
 *                        {@link AnalysisLimits#maxTextChars()} chars, no control characters; empty when none
 * @param metadata        facts about the content (keys in {@link ReceiptAnalyzer}, e.g. {@code pages},
 *                        {@code width}, {@code exifDate}); empty for rejected content
 * @param rejectionReason present when the document must be REJECTED; a sentence for a person
 */
public record Analysis(long actualSize, String sha256, String sniffedType, String text,
                       Map<String, String> metadata, Optional<String> rejectionReason) {

    public Analysis {
        Objects.requireNonNull(sha256, "sha256");
        text = text == null ? "" : text;
        metadata = metadata == null || metadata.isEmpty()
                ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        rejectionReason = rejectionReason == null ? Optional.empty() : rejectionReason;
    }

    /** {@code true} when the document must be REJECTED ({@link #rejectionReason()} says why). */
    public boolean rejected() {
        return rejectionReason.isPresent();
    }

    /** {@link #sniffedType()} as an optional. */
    public Optional<String> sniffed() {
        return Optional.ofNullable(sniffedType);
    }
}
