package org.expensetracker.receiptindexer.content;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What a format-specific extractor produced: text and metadata, or a rejection. */
record Extraction(String text, Map<String, String> metadata, Optional<String> rejectionReason) {

    static Extraction rejected(String reason) {
        return new Extraction("", Map.of(), Optional.of(reason));
    }

    static Extraction of(String text, LinkedHashMap<String, String> metadata) {
        return new Extraction(text, metadata, Optional.empty());
    }
}
