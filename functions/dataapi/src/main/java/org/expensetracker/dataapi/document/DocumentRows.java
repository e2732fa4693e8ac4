package org.expensetracker.dataapi.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.document.Document;
import org.expensetracker.core.document.DocumentRepository.StoredDocument;
import org.expensetracker.core.document.DocumentStatus;
import org.expensetracker.dataapi.SqlRow;

/**
 * How documents are selected and read back. Column labels carry a {@code doc_} prefix so they can
 * sit beside an entry's columns in one joined row.
 */
public final class DocumentRows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DocumentRows() {
    }

    /** The select list for table alias {@code a}. */
    public static String columns(String a) {
        return a + ".owner_id AS doc_owner_id, " + a + ".id AS doc_id, " + a + ".entry_id AS doc_entry_id, "
                + a + ".file_name AS doc_file_name, " + a + ".content_type AS doc_content_type, "
                + a + ".size_bytes AS doc_size_bytes, " + a + ".status AS doc_status, "
                + a + ".reject_reason AS doc_reject_reason, " + a + ".duplicate_of AS doc_duplicate_of, "
                + a + ".metadata::text AS doc_metadata, " + a + ".created_at AS doc_created_at, "
                + a + ".object_key AS doc_object_key, " + a + ".announced_sha256 AS doc_announced_sha256, "
                + a + ".extracted::text AS doc_extracted";
    }

    /** The document of a row, or null where a LEFT JOIN found none. */
    public static StoredDocument read(SqlRow row) {
        if (row.isNull("doc_id")) {
            return null;
        }
        Document document = new Document(row.uuid("doc_id"), row.uuid("doc_entry_id"), row.string("doc_file_name"),
                row.string("doc_content_type"), row.longValue("doc_size_bytes"),
                DocumentStatus.valueOf(row.string("doc_status")), row.string("doc_reject_reason"),
                row.uuid("doc_duplicate_of"), metadata(row.string("doc_metadata")), row.instant("doc_created_at"),
                ReadingJson.read(row.string("doc_extracted")));
        return new StoredDocument(document, new OwnerId(row.string("doc_owner_id")), row.string("doc_object_key"),
                row.string("doc_announced_sha256"));
    }

    static String json(Map<String, String> metadata) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(metadata));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> metadata(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<TreeMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metadata is not a flat JSON object", e);
        }
    }
}
